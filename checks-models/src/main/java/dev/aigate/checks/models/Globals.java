package dev.aigate.checks.models;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Judges an import ({@code module.name}, as the unpickler would resolve it) against what ordinary PyTorch, NumPy,
 * scikit-learn, joblib and Keras files contain (safe), against known-dangerous callables and modules (dangerous, with
 * the technique named), and leaves the rest unknown. The order matters: an exact allowlist entry first, then the
 * denylist (which no allowlist pattern or policy entry can override), then allowlist patterns, then unknown.
 */
final class Globals {
    enum Verdict { SAFE, DANGEROUS, UNKNOWN }

    record Judgement(Verdict verdict, String technique) {
        static final Judgement SAFE = new Judgement(Verdict.SAFE, null);
    }

    /** Exact names that ordinary model files contain. */
    private static final Set<String> SAFE = Set.of(
            // containers and data constructors
            "collections.OrderedDict", "collections.defaultdict", "collections.Counter", "collections.deque",
            "builtins.set", "builtins.frozenset", "builtins.slice", "builtins.complex", "builtins.bytearray",
            "builtins.bytes", "builtins.range", "builtins.dict", "builtins.list", "builtins.tuple", "builtins.object",
            "builtins.int", "builtins.float", "builtins.str", "builtins.bool",
            "copyreg._reconstructor", "copyreg.__newobj__", "copyreg.__newobj_ex__", "_codecs.encode",
            "argparse.Namespace", "datetime.datetime", "datetime.date", "datetime.time", "datetime.timedelta",
            "datetime.timezone", "decimal.Decimal", "fractions.Fraction", "uuid.UUID", "re._compile",
            "pathlib.Path", "pathlib.PosixPath", "pathlib.WindowsPath", "pathlib.PurePosixPath",
            "pathlib.PureWindowsPath",
            // PyTorch tensors, storages, parameters
            "torch._utils._rebuild_tensor", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor_v3",
            "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state",
            "torch._utils._rebuild_qtensor", "torch._utils._rebuild_sparse_tensor",
            "torch._utils._rebuild_sparse_csr_tensor", "torch._utils._rebuild_nested_tensor",
            "torch._utils._rebuild_device_tensor_from_numpy", "torch._utils._rebuild_meta_tensor_no_storage",
            "torch._utils._rebuild_wrapper_subclass", "torch._utils._set_obj_state",
            "torch._tensor._rebuild_from_type", "torch._tensor._rebuild_from_type_v2",
            "torch.serialization._get_layout", "torch.Size", "torch.device", "torch.Tensor",
            "torch.nn.parameter.Parameter", "torch.nn.parameter.Buffer", "torch.nn.parameter.UninitializedParameter",
            "torch.nn.parameter.UninitializedBuffer", "torch.torch_version.TorchVersion",
            "torch.storage.UntypedStorage", "torch.storage.TypedStorage",
            "torch.jit._pickle.build_intlist", "torch.jit._pickle.build_tensorlist",
            "torch.jit._pickle.build_doublelist", "torch.jit._pickle.build_boollist",
            "torch.jit._pickle.build_tensor_from_id", "torch.jit._pickle.restore_type_tag",
            // NumPy arrays, scalars, random states
            "numpy.core.multiarray._reconstruct", "numpy.core.multiarray.scalar", "numpy._core.multiarray._reconstruct",
            "numpy._core.multiarray.scalar", "numpy.ndarray", "numpy.dtype", "numpy.ma.core._mareconstruct",
            "numpy.ma.core.MaskedArray", "numpy.core.numeric._frombuffer", "numpy._core.numeric._frombuffer",
            "numpy.random._pickle.__randomstate_ctor", "numpy.random._pickle.__bit_generator_ctor",
            "numpy.random._pickle.__generator_ctor", "numpy.random.mtrand.RandomState",
            "numpy.random._mt19937.MT19937", "numpy.random._pcg64.PCG64", "numpy.random._pcg64.PCG64DXSM",
            "numpy.random._philox.Philox", "numpy.random._sfc64.SFC64", "numpy.random._generator.Generator",
            "numpy.random.bit_generator.SeedSequence",
            // joblib's inlined arrays
            "joblib.numpy_pickle.NumpyArrayWrapper", "joblib.numpy_pickle_compat.NDArrayWrapper",
            "joblib.numpy_pickle_compat.ZNDArrayWrapper",
            "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper");

    private static final Set<String> TORCH_NAMES = Set.of(
            "float32", "float", "float64", "double", "float16", "half", "bfloat16", "int8", "int16", "short", "int32",
            "int", "int64", "long", "uint8", "uint16", "uint32", "uint64", "bool", "complex32", "chalf", "complex64",
            "cfloat", "complex128", "cdouble", "qint8", "quint8", "qint32", "quint4x2", "quint2x4", "float8_e4m3fn",
            "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "bits8", "bits16",
            "strided", "sparse_coo", "sparse_csr", "sparse_csc", "sparse_bsr", "sparse_bsc", "_mkldnn", "jagged",
            "contiguous_format", "channels_last", "channels_last_3d", "preserve_format", "per_tensor_affine",
            "per_channel_affine", "per_tensor_symmetric", "per_channel_symmetric",
            "per_channel_affine_float_qparams");

    private static final Set<String> NUMPY_SCALARS = Set.of(
            "bool_", "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "intc", "intp",
            "uintc", "uintp", "longlong", "ulonglong", "float16", "float32", "float64", "longdouble", "half", "single",
            "double", "complex64", "complex128", "clongdouble", "csingle", "cdouble", "str_", "bytes_", "void",
            "object_", "datetime64", "timedelta64", "generic", "number", "integer", "floating", "signedinteger",
            "unsignedinteger", "inexact", "complexfloating");

    /** Modules whose every name and submodule is dangerous to import or call, with the technique. */
    private static final List<String[]> DENIED_MODULES = List.of(
            new String[] {"os", "operating-system access (processes, files)"},
            new String[] {"posix", "operating-system access (processes, files)"},
            new String[] {"nt", "operating-system access (processes, files)"},
            new String[] {"subprocess", "runs a process"},
            new String[] {"_posixsubprocess", "runs a process"},
            new String[] {"pty", "runs a process"},
            new String[] {"commands", "runs a process"},
            new String[] {"popen2", "runs a process"},
            new String[] {"platform", "runs a process"},
            new String[] {"sys", "interpreter access (modules, hooks)"},
            new String[] {"__builtins__", "builtins reached as a module attribute"},
            new String[] {"runpy", "runs Python code"},
            new String[] {"code", "runs Python code"},
            new String[] {"codeop", "compiles Python code"},
            new String[] {"importlib", "dynamic import"},
            new String[] {"imp", "dynamic import"},
            new String[] {"pkgutil", "dynamic import (pkgutil.resolve_name)"},
            new String[] {"zipimport", "dynamic import"},
            new String[] {"site", "dynamic import"},
            new String[] {"types", "code objects and function construction"},
            new String[] {"marshal", "code objects (marshal)"},
            new String[] {"pickle", "nested deserialization"},
            new String[] {"_pickle", "nested deserialization"},
            new String[] {"cPickle", "nested deserialization"},
            new String[] {"pickletools", "nested deserialization"},
            new String[] {"shelve", "nested deserialization"},
            new String[] {"dill", "nested deserialization"},
            new String[] {"cloudpickle", "nested deserialization"},
            new String[] {"yaml", "nested deserialization"},
            new String[] {"jsonpickle", "nested deserialization"},
            new String[] {"operator", "indirect calls and attribute access (operator)"},
            new String[] {"_operator", "indirect calls and attribute access (operator)"},
            new String[] {"functools", "indirect call (functools)"},
            new String[] {"_functools", "indirect call (functools)"},
            new String[] {"typing", "evaluates strings as code (typing)"},
            new String[] {"inspect", "introspection reaching arbitrary objects"},
            new String[] {"gc", "introspection reaching arbitrary objects"},
            new String[] {"ctypes", "native code"},
            new String[] {"_ctypes", "native code"},
            new String[] {"cffi", "native code"},
            new String[] {"shutil", "file-system access"},
            new String[] {"tempfile", "file-system access"},
            new String[] {"io", "file-system access"},
            new String[] {"_io", "file-system access"},
            new String[] {"fileinput", "file-system access"},
            new String[] {"glob", "file-system access"},
            new String[] {"mmap", "file-system access"},
            new String[] {"zipfile", "file-system access"},
            new String[] {"tarfile", "file-system access"},
            new String[] {"socket", "network access"},
            new String[] {"_socket", "network access"},
            new String[] {"ssl", "network access"},
            new String[] {"http", "network access"},
            new String[] {"urllib", "network access"},
            new String[] {"urllib2", "network access"},
            new String[] {"urllib3", "network access"},
            new String[] {"httplib", "network access"},
            new String[] {"requests", "network access"},
            new String[] {"httpx", "network access"},
            new String[] {"aiohttp", "network access"},
            new String[] {"ftplib", "network access"},
            new String[] {"smtplib", "network access"},
            new String[] {"telnetlib", "network access"},
            new String[] {"poplib", "network access"},
            new String[] {"imaplib", "network access"},
            new String[] {"nntplib", "network access"},
            new String[] {"xmlrpc", "network access"},
            new String[] {"socketserver", "network access"},
            new String[] {"webbrowser", "opens a browser"},
            new String[] {"antigravity", "importing it runs code"},
            new String[] {"this", "importing it runs code"},
            new String[] {"paramiko", "network access"},
            new String[] {"boto3", "network access"},
            new String[] {"botocore", "network access"},
            new String[] {"asyncio", "runs processes and network code"},
            new String[] {"asyncore", "network access"},
            new String[] {"multiprocessing", "runs processes"},
            new String[] {"concurrent", "runs code in workers"},
            new String[] {"threading", "runs code in threads"},
            new String[] {"_thread", "runs code in threads"},
            new String[] {"signal", "interpreter hooks"},
            new String[] {"atexit", "interpreter hooks"},
            new String[] {"pdb", "debugger runs code"},
            new String[] {"bdb", "debugger runs code"},
            new String[] {"trace", "runs Python code"},
            new String[] {"profile", "runs Python code"},
            new String[] {"cProfile", "runs Python code"},
            new String[] {"timeit", "runs Python code"},
            new String[] {"doctest", "runs Python code"},
            new String[] {"pydoc", "runs a process (pager)"},
            new String[] {"mailcap", "runs a process"},
            new String[] {"idlelib", "runs Python code"},
            new String[] {"lib2to3", "runs Python code"},
            new String[] {"distutils", "runs a process"},
            new String[] {"setuptools", "runs a process"},
            new String[] {"pip", "installs packages"},
            new String[] {"ensurepip", "installs packages"},
            new String[] {"venv", "runs a process"},
            new String[] {"logging.config", "dynamic import (logging configuration)"},
            new String[] {"unittest.mock", "arbitrary calls"},
            new String[] {"test", "runs Python code"},
            new String[] {"IPython", "runs Python code"},
            new String[] {"jinja2", "template code"},
            new String[] {"numpy.testing", "runs Python code (numpy.testing runstring)"},
            new String[] {"numpy.f2py", "compiles and runs code"},
            new String[] {"numpy.distutils", "runs a process"},
            new String[] {"numpy.ctypeslib", "native code"},
            new String[] {"numpy.lib.format", "nested deserialization"},
            new String[] {"numpy.lib.npyio", "nested deserialization"},
            new String[] {"torch.hub", "downloads and runs code"},
            new String[] {"torch.serialization", "nested deserialization"},
            new String[] {"torch.storage", "nested deserialization"},
            new String[] {"torch.jit", "compiles and loads code"},
            new String[] {"torch.package", "nested deserialization"},
            new String[] {"torch.fx", "runs generated Python code"},
            new String[] {"torch.utils.cpp_extension", "compiles and loads native code"},
            new String[] {"torch.utils.collect_env", "runs a process"},
            new String[] {"torch.utils.bottleneck", "runs Python code"},
            new String[] {"torch._dynamo", "compiles and runs code"},
            new String[] {"torch._inductor", "compiles and runs code"},
            new String[] {"torch.distributed", "network access and remote calls"},
            new String[] {"torch.multiprocessing", "runs processes"},
            new String[] {"torch.testing", "runs Python code"},
            new String[] {"torch._C", "interpreter internals"},
            new String[] {"torch.ops", "native operator libraries"},
            new String[] {"torch.classes", "native operator libraries"},
            new String[] {"torch.library", "native operator libraries"},
            new String[] {"torch._ops", "native operator libraries"},
            new String[] {"torch._utils", "dynamic import (torch._utils)"},
            new String[] {"torch._tensor", "arbitrary calls"},
            new String[] {"joblib._store_backends", "file-system access"},
            new String[] {"joblib.parallel", "runs code in workers"},
            new String[] {"joblib.numpy_pickle", "nested deserialization"},
            new String[] {"sklearn.datasets", "network access (dataset download)"},
            new String[] {"sklearn.utils._testing", "runs Python code"},
            new String[] {"sklearn.utils._show_versions", "runs a process"},
            new String[] {"pandas.io", "nested deserialization"},
            new String[] {"keras.models", "loads another model"},
            new String[] {"keras.saving", "loads another model"},
            new String[] {"tensorflow.io", "file-system access"},
            new String[] {"tensorflow.python.ops.gen_io_ops", "file-system access"},
            new String[] {"tensorflow.keras.models", "loads another model"});

    /** Names that are dangerous whatever module they come from (re-exports, aliases). */
    private static final Set<String> DANGEROUS_NAMES = Set.of(
            "eval", "exec", "execfile", "compile", "__import__", "system", "popen", "popen2", "popen3", "popen4",
            "getoutput", "getstatusoutput", "check_output", "check_call", "Popen", "spawnl", "spawnle", "spawnlp",
            "spawnlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe", "execl", "execle", "execlp", "execlpe", "execv",
            "execve", "execvp", "execvpe", "startfile", "fork", "forkpty", "posix_spawn", "posix_spawnp",
            "load", "loads", "load_model", "read_pickle", "unsafe_load", "full_load", "_load_from_bytes",
            "import_module", "_import_dotted_name", "resolve_name", "getattr", "setattr", "delattr", "attrgetter",
            "methodcaller", "partial", "partialmethod", "globals", "locals", "vars", "breakpoint", "input", "open",
            "run_path", "run_module", "runstring", "runsource", "runcode", "interact", "reduce_graph_module",
            "load_library", "write_file", "write_text", "write_bytes", "urlopen", "urlretrieve", "exec_command",
            "CodeType", "FunctionType", "LambdaType", "MethodType", "apply");

    /** A dotted-name segment or name that reaches a module or an object's internals. */
    private static final Set<String> DANGEROUS_SEGMENTS = Set.of(
            "os", "posix", "nt", "sys", "subprocess", "builtins", "__builtin__", "importlib", "pickle", "_pickle",
            "cPickle", "marshal", "runpy", "pty", "socket", "shutil", "ctypes", "webbrowser", "commands", "pdb",
            "dill", "cloudpickle", "operator", "functools", "types", "inspect", "codecs", "io");

    private static final Pattern CLASS_NAME = Pattern.compile("_{0,2}[A-Z][A-Za-z0-9_]*");
    private static final Pattern SCIPY_SPARSE = Pattern.compile("[a-z]+_(matrix|array)");

    private final Set<String> extraAllowed;
    private final List<String> extraAllowedPrefixes;

    /**
     * @param allow extra allowed globals from the policy: {@code module.name} exactly, or {@code prefix.*} for every
     *     name below a module
     */
    Globals(List<String> allow) {
        this.extraAllowed = allow.stream().filter(a -> !a.endsWith(".*")).collect(java.util.stream.Collectors.toSet());
        this.extraAllowedPrefixes = allow.stream().filter(a -> a.endsWith(".*"))
                .map(a -> a.substring(0, a.length() - 1)).toList();
    }

    /** Whether the policy allows {@code qualified} (a Keras class or registered name, a {@code module.name}). */
    boolean allowed(String qualified) {
        return extraAllowed.contains(qualified) || extraAllowedPrefixes.stream().anyMatch(qualified::startsWith);
    }

    /** Whether {@code qualified} is on the denylist (a policy may not allow it; it needs a waiver). */
    static String deniedTechnique(String module, String name) {
        Judgement judgement = denied(module, name);
        return judgement == null ? null : judgement.technique();
    }

    /**
     * @param torchScript whether the file is a TorchScript archive, whose {@code __torch__} classes are compiled
     *     TorchScript (judged by scanning its code), not Python imports
     */
    Judgement judge(String module, String name, boolean torchScript) {
        String qualified = module + "." + name;
        if (SAFE.contains(qualified)) {
            return Judgement.SAFE;
        }
        Judgement denied = denied(module, name);
        if (denied != null) {
            return denied;
        }
        if (extraAllowed.contains(qualified) || extraAllowedPrefixes.stream().anyMatch(qualified::startsWith)) {
            return Judgement.SAFE;
        }
        if (name.contains(".")) {
            return new Judgement(Verdict.UNKNOWN, "attribute path '" + name + "' below module " + module);
        }
        if (safePattern(module, name, torchScript)) {
            return Judgement.SAFE;
        }
        if (module.equals("builtins")) {
            return new Judgement(CLASS_NAME.matcher(name).matches() ? Verdict.UNKNOWN : Verdict.DANGEROUS,
                    "builtin " + name);
        }
        return new Judgement(Verdict.UNKNOWN, null);
    }

    private static Judgement denied(String module, String name) {
        for (String[] entry : DENIED_MODULES) {
            if (module.equals(entry[0]) || module.startsWith(entry[0] + ".")) {
                return new Judgement(Verdict.DANGEROUS, entry[1]);
            }
        }
        if (module.equals("__builtin__") || module.equals("__builtins__")) {
            return new Judgement(Verdict.DANGEROUS, "builtins under a Python 2 name");
        }
        String[] segments = name.split("\\.", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (DANGEROUS_NAMES.contains(segment)) {
                return new Judgement(Verdict.DANGEROUS, technique(segment));
            }
            if (segment.startsWith("__") && segment.endsWith("__") && segment.length() > 4 && i < segments.length - 1
                    || segment.equals("__globals__") || segment.equals("__builtins__")
                    || segment.equals("__subclasses__") || segment.equals("__class__") || segment.equals("__dict__")
                    || segment.equals("__code__") || segment.equals("__mro__") || segment.equals("__bases__")
                    || segment.equals("__getattribute__") || segment.equals("__reduce__")
                    || segment.equals("__reduce_ex__")) {
                return new Judgement(Verdict.DANGEROUS, "reaches the internals '" + segment + "' of " + module);
            }
            if (DANGEROUS_SEGMENTS.contains(segment) && !module.equals(segment)) {
                return new Judgement(Verdict.DANGEROUS, "reaches module " + segment + " through " + module);
            }
        }
        return null;
    }

    private static String technique(String name) {
        return switch (name) {
            case "eval", "exec", "execfile", "compile", "runstring", "runsource", "runcode", "interact", "run_path",
                    "run_module", "reduce_graph_module" -> "runs Python code (" + name + ")";
            case "load", "loads", "load_model", "read_pickle", "unsafe_load", "full_load", "_load_from_bytes" ->
                    "nested deserialization (" + name + ")";
            case "__import__", "import_module", "_import_dotted_name", "resolve_name", "load_library" ->
                    "dynamic import (" + name + ")";
            case "getattr", "setattr", "delattr", "attrgetter", "methodcaller", "vars", "globals", "locals" ->
                    "indirect attribute access (" + name + ")";
            case "partial", "partialmethod", "apply" -> "indirect call (" + name + ")";
            case "CodeType", "FunctionType", "LambdaType", "MethodType" -> "code objects (" + name + ")";
            case "open", "write_file", "write_text", "write_bytes" -> "file-system access (" + name + ")";
            case "urlopen", "urlretrieve" -> "network access (" + name + ")";
            default -> "runs a process (" + name + ")";
        };
    }

    private static boolean safePattern(String module, String name, boolean torchScript) {
        if (module.equals("torch")) {
            return TORCH_NAMES.contains(name) || name.endsWith("Storage") && CLASS_NAME.matcher(name).matches();
        }
        if (module.equals("numpy")) {
            return NUMPY_SCALARS.contains(name);
        }
        if (module.equals("numpy.dtypes")) {
            return name.endsWith("DType") && CLASS_NAME.matcher(name).matches();
        }
        if (module.equals("sklearn") || module.startsWith("sklearn.")) {
            return CLASS_NAME.matcher(name).matches();
        }
        if (module.startsWith("torch.nn.modules.") || module.startsWith("torch.optim.")
                || module.startsWith("torch.ao.nn.")) {
            return CLASS_NAME.matcher(name).matches();
        }
        if (module.equals("torch.nn.functional")) {
            return name.matches("[a-z][a-z0-9_]*");
        }
        if (module.startsWith("scipy.sparse.")) {
            return SCIPY_SPARSE.matcher(name).matches();
        }
        return torchScript && (module.equals("__torch__") || module.startsWith("__torch__."));
    }

    /** Lower-case technique for messages. */
    static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
