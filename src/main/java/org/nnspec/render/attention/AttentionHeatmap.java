package org.nnspec.render.attention;

import org.nnspec.render.Heatmap;
import java.util.ArrayList;
import java.util.List;
import org.nnspec.attention.AttentionResult;
import org.nnspec.render.Heatmap.Axes;
import org.nnspec.render.Heatmap.Panel;

/**
 * The SVG form of an attention result ({@code plot(r, "a.svg")}): its weights as a
 * {@link Heatmap}, queries down and keys across, on the scale 0 to 1 that every weight lies in,
 * one panel per head when there are several.
 */
public final class AttentionHeatmap {
    private AttentionHeatmap() {}

    /** @param title the heading, or null for "attention weights" */
    public static String of(AttentionResult r, String title) {
        List<Panel> panels = new ArrayList<>();
        if (r.heads() == 1) {
            panels.add(new Panel("", r.weights()));
        } else {
            for (int j = 0; j < r.heads(); j++) panels.add(new Panel("head " + (j + 1), r.headWeights().get(j)));
        }
        String t = title != null ? title : "attention weights";
        return Heatmap.of(t, panels, r.tokens(), r.keyTokens(), new Axes("key", "query"), 0, 1);
    }
}
