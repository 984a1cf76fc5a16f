package org.nnspec.eval;

import java.nio.file.Path;

/**
 * What a run may touch (docs/language.md section 14). A plain run trusts the file as a script
 * is trusted; {@code --sandbox} keeps imports inside {@code importRoot} and plots inside
 * {@code plotDir}, and never replaces a file.
 *
 * @param sandbox    whether the run is sandboxed
 * @param importRoot the directory imports must stay inside (links resolved), or null for anywhere
 * @param plotDir    the directory plot paths are relative to and must stay inside, or null
 *                   (plain runs: relative to the working directory, anywhere)
 * @param writesFiles whether {@code plot} writes its file; an editor's analysis of the file
 *                   being typed (docs/language.md section 16) checks the plot and writes nothing
 */
public record RunPolicy(boolean sandbox, Path importRoot, Path plotDir, boolean writesFiles) {
    public static final RunPolicy PLAIN = new RunPolicy(false, null, null);
    /** A plain run that never writes a file: {@code nnspec lsp}'s analysis and {@code nnspec export}'s run of the file. */
    public static final RunPolicy ANALYSIS = new RunPolicy(false, null, null, false);

    public RunPolicy(boolean sandbox, Path importRoot, Path plotDir) {
        this(sandbox, importRoot, plotDir, true);
    }
}
