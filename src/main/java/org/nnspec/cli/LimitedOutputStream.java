package org.nnspec.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Standard output with a size limit (--max-output): the bytes up to the limit are written, the
 * rest dropped, and {@code onLimit} runs once, when the limit is reached, to stop the run.
 */
final class LimitedOutputStream extends FilterOutputStream {
    private long left;
    private Runnable onLimit;

    LimitedOutputStream(OutputStream out, long limit, Runnable onLimit) {
        super(out);
        this.left = limit;
        this.onLimit = onLimit;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int shown = (int) Math.min(len, left);
        if (shown > 0) out.write(b, off, shown);
        left -= shown;
        if (shown < len && onLimit != null) {
            Runnable stop = onLimit;
            onLimit = null;
            stop.run();
        }
    }
}
