package org.nnspec.cli;

import org.nnspec.diag.NnspecException;
import org.nnspec.nn.LayerCatalog;

/** {@code nnspec layers [NAME]}: the catalog, or one layer's signature and rules. */
final class LayersCommand {
    private LayersCommand() {}

    static int run(Main.Context context, String name) {
        if (name == null) {
            context.out().print(LayerCatalog.listing());
            return 0;
        }
        try {
            context.out().print(LayerCatalog.entry(name));
            return 0;
        } catch (NnspecException e) {
            context.err().println("nnspec: " + e.getMessage() + (e.help() == null ? "" : "; " + e.help()));
            return 2;
        }
    }
}
