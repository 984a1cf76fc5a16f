package org.nnspec.diag;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads program text: files (UTF-8, validated) and standard input. A file that cannot be read
 * is an I/O error (exit 2); text that is not UTF-8 is an error in the program (exit 1), located
 * at the first bad byte.
 */
public final class SourceLoader {
    /** Files larger than this are refused. */
    public static final long MAX_BYTES = 16L * 1024 * 1024;

    private SourceLoader() {}

    /** An I/O problem: the file is missing, unreadable, a directory, or too large. */
    public static final class IoProblem extends Exception {
        IoProblem(String message) { super(message, null, false, false); }
    }

    /** Bytes that are not UTF-8; carries a located diagnostic. */
    public static final class EncodingProblem extends Exception {
        private final transient Diagnostic diagnostic;

        EncodingProblem(Diagnostic d) {
            super(d.message(), null, false, false);
            this.diagnostic = d;
        }

        public Diagnostic diagnostic() { return diagnostic; }
    }

    /**
     * A program file: only a regular file (a device, a pipe or a directory is refused before it
     * is opened, so /dev/zero or a named pipe cannot fill memory or block), read through a
     * bounded read of at most {@link #MAX_BYTES}.
     */
    public static SourceFile file(String displayName, Path path) throws IoProblem, EncodingProblem {
        byte[] bytes;
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (attributes.isDirectory()) throw new IoProblem("cannot read '" + displayName + "': it is a directory");
            if (!attributes.isRegularFile()) {
                throw new IoProblem("cannot read '" + displayName + "': not a regular file (a device, a pipe or a socket)");
            }
            try (InputStream in = Files.newInputStream(path)) {
                bytes = in.readNBytes((int) MAX_BYTES + 1);
            }
            if (bytes.length > MAX_BYTES) {
                throw new IoProblem("cannot read '" + displayName + "': larger than " + (MAX_BYTES >> 20) + " MiB");
            }
        } catch (NoSuchFileException e) {
            throw new IoProblem("cannot read '" + displayName + "': no such file");
        } catch (AccessDeniedException e) {
            throw new IoProblem("cannot read '" + displayName + "': permission denied");
        } catch (IOException e) {
            throw new IoProblem("cannot read '" + displayName + "': " + e.getMessage());
        }
        return decode(displayName, bytes);
    }

    public static SourceFile stdin(InputStream in) throws IoProblem, EncodingProblem {
        try {
            byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) throw new IoProblem("standard input is larger than " + (MAX_BYTES >> 20) + " MiB");
            return decode("-", bytes);
        } catch (IOException e) {
            throw new IoProblem("cannot read standard input: " + e.getMessage());
        }
    }

    static SourceFile decode(String name, byte[] bytes) throws EncodingProblem {
        // Fast path: String's UTF-8 decoding is intrinsic; malformed input always turns into
        // U+FFFD, so text without one was valid (text with one is checked strictly below)
        String fast = new String(bytes, StandardCharsets.UTF_8);
        if (fast.indexOf('\uFFFD') < 0) {
            return new SourceFile(name, fast.startsWith("\uFEFF") ? fast.substring(1) : fast);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            String text = decoder.decode(ByteBuffer.wrap(bytes)).toString();
            if (text.startsWith("\uFEFF")) text = text.substring(1);
            return new SourceFile(name, text);
        } catch (CharacterCodingException e) {
            int bad = firstBadByte(bytes);
            String before = new String(bytes, 0, bad, StandardCharsets.UTF_8);
            String shown = new String(bytes, StandardCharsets.UTF_8);
            SourceFile file = new SourceFile(name, shown);
            int line = 1, col = 1;
            for (int i = 0; i < before.length(); i++) {
                if (before.charAt(i) == '\n') {
                    line++;
                    col = 1;
                } else {
                    col++;
                }
            }
            Span span = new Span(file, line, col, line, col + 1);
            throw new EncodingProblem(Diagnostic.error(span, String.format(
                    "this file is not valid UTF-8: byte 0x%02X at offset %d", bytes[bad] & 0xff, bad),
                    "save the file as UTF-8"));
        }
    }

    private static int firstBadByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : 0;
    }

    /** For the interpreter's imports: failures become errors located at the import. */
    public static SourceFile forImport(Path path) {
        try {
            return file(path.toString(), path);
        } catch (IoProblem e) {
            throw new NnspecException(e.getMessage(), null);
        } catch (EncodingProblem e) {
            throw new NnspecException(e.getMessage(), "save the file as UTF-8");
        }
    }
}
