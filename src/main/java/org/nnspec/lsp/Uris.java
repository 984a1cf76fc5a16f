package org.nnspec.lsp;

import java.net.URI;
import java.nio.file.Path;

/** Document URIs and file paths: a {@code file:} URI names a path, from which imports are resolved. */
final class Uris {
    private Uris() {}

    /** The path of a {@code file:} URI, or null for any other (an unsaved editor buffer). */
    static Path path(String uri) {
        try {
            URI u = new URI(uri);
            if (!"file".equalsIgnoreCase(u.getScheme())) return null;
            return Path.of(u).toAbsolutePath().normalize();
        } catch (java.net.URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
    }

    static String uri(Path path) {
        return path.toAbsolutePath().normalize().toUri().toString();
    }
}
