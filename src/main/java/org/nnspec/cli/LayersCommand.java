package org.nnspec.cli;

/** {@code nnspec layers [NAME]}: the catalog, or one entry. */
final class LayersCommand {
    private LayersCommand() {}

    static int run(Main.Context context, String name) {
        context.err().println("nnspec: the layer catalog is not available yet in this build");
        return 2;
    }
}
