package dev.aigate.checks.datasets.source;

import dev.aigate.core.GateException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/** Finds the store for a dataset path: a {@code scheme://} path needs its provider module on the class path. */
public final class DatasetSources {
    private static final Pattern URI = Pattern.compile("([a-z][a-z0-9+.-]*)://.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** The module to add for a scheme whose provider is missing, named in the error. */
    private static final Properties MODULES = modules();

    private DatasetSources() {
    }

    /** The scheme of a remote dataset path ({@code s3} for {@code s3://bucket/prefix}), or empty for a local path. */
    public static Optional<String> scheme(String path) {
        var matcher = URI.matcher(path);
        return matcher.matches() ? Optional.of(matcher.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** Opens a remote dataset path; a {@link GateException} naming the module to add when no provider reads it. */
    public static DatasetSource open(String path) {
        String scheme = scheme(path).orElseThrow(() -> new IllegalArgumentException("not a remote path: " + path));
        for (DatasetSourceProvider provider : ServiceLoader.load(DatasetSourceProvider.class,
                DatasetSources.class.getClassLoader())) {
            if (provider.scheme().equals(scheme)) {
                return provider.open(path);
            }
        }
        String module = MODULES.getProperty(scheme);
        throw new GateException("dataset path '" + path + "': no dataset store for '" + scheme + "://' is installed"
                + (module == null ? "" : "; add " + module + " to the class path (in Maven: as a dependency of"
                + " aigate-maven-plugin; the aigate CLI includes it)"));
    }

    private static Properties modules() {
        Properties modules = new Properties();
        try (InputStream in = DatasetSources.class.getResourceAsStream("dataset-sources.properties")) {
            if (in != null) {
                modules.load(in);
            }
        } catch (IOException e) {
            // only a better message is lost
        }
        return modules;
    }
}
