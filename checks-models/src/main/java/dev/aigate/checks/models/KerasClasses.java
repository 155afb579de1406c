package dev.aigate.checks.models;

import java.util.Set;

/** The classes Keras ships that configurations name without a module (legacy HDF5 files, Keras 2). */
final class KerasClasses {
    private static final Set<String> KNOWN = Set.of(
            // models
            "Sequential", "Functional", "Model",
            // core, convolution, pooling, recurrent, normalisation, regularisation, merging, reshaping
            "InputLayer", "Input", "Dense", "EinsumDense", "Activation", "Embedding", "Masking", "Identity", "Wrapper",
            "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "SeparableConv1D",
            "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D",
            "LocallyConnected1D", "LocallyConnected2D", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D",
            "AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D",
            "GlobalMaxPooling3D", "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
            "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D", "AvgPool2D", "AvgPool3D", "RNN", "SimpleRNN", "GRU",
            "LSTM", "SimpleRNNCell", "GRUCell", "LSTMCell", "StackedRNNCells", "Bidirectional", "TimeDistributed",
            "CuDNNGRU", "CuDNNLSTM", "BatchNormalization", "LayerNormalization", "GroupNormalization",
            "UnitNormalization", "SpectralNormalization", "Dropout", "SpatialDropout1D", "SpatialDropout2D",
            "SpatialDropout3D", "GaussianDropout", "GaussianNoise", "AlphaDropout", "ActivityRegularization", "Add",
            "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot", "Flatten", "Reshape",
            "Permute", "RepeatVector", "Cropping1D", "Cropping2D", "Cropping3D", "UpSampling1D", "UpSampling2D",
            "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "ReLU", "LeakyReLU", "PReLU", "ELU",
            "Softmax", "ThresholdedReLU", "Attention", "AdditiveAttention", "MultiHeadAttention",
            "GroupQueryAttention",
            // preprocessing
            "Rescaling", "Normalization", "Resizing", "CenterCrop", "RandomFlip", "RandomRotation", "RandomZoom",
            "RandomContrast", "RandomCrop", "RandomTranslation", "RandomBrightness", "RandomHeight", "RandomWidth",
            "TextVectorization", "StringLookup", "IntegerLookup", "CategoryEncoding", "Hashing", "Discretization",
            // initializers, regularizers, constraints
            "GlorotUniform", "GlorotNormal", "HeNormal", "HeUniform", "LecunNormal", "LecunUniform", "Zeros", "Ones",
            "Constant", "RandomNormal", "RandomUniform", "TruncatedNormal", "Orthogonal", "VarianceScaling",
            "L1", "L2", "L1L2", "OrthogonalRegularizer", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm",
            "RadialConstraint",
            // optimizers, losses, metrics, schedules, dtype policies
            "Adam", "AdamW", "SGD", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "Ftrl", "Lion", "Adafactor",
            "LossScaleOptimizer", "ExponentialDecay", "PiecewiseConstantDecay", "PolynomialDecay", "InverseTimeDecay",
            "CosineDecay", "CosineDecayRestarts", "MeanSquaredError", "MeanAbsoluteError",
            "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError", "BinaryCrossentropy",
            "CategoricalCrossentropy", "SparseCategoricalCrossentropy", "BinaryFocalCrossentropy", "Hinge",
            "SquaredHinge", "CategoricalHinge", "Huber", "LogCosh", "KLDivergence", "Poisson", "CosineSimilarity",
            "Accuracy", "BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy", "TopKCategoricalAccuracy",
            "SparseTopKCategoricalAccuracy", "AUC", "Precision", "Recall", "Mean", "Sum", "MeanMetricWrapper",
            "Policy", "DTypePolicy", "FloatDTypePolicy", "QuantizedDTypePolicy", "TensorShape", "TensorSpec");

    private KerasClasses() {
    }

    static boolean known(String className) {
        return KNOWN.contains(className) || className.startsWith("__") && className.endsWith("__");
    }
}
