package org.nnspec.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parameter tensor's name as torch names it: nnspec writes the layers 1 to n of a stack as
 * one tensor ({@code encoder.layers.1-5.linear1.weight}, its first dimension the layers),
 * where torch has one tensor a layer.
 */
public final class TorchNames {
    private TorchNames() {}

    private static final Pattern STACKED = Pattern.compile("(.*\\.)(\\d+)-(\\d+)(\\..*)");

    /** {@code tensor} itself, or the names of the stack's layers in order. */
    public static List<String> of(String tensor) {
        Matcher m = STACKED.matcher(tensor);
        if (!m.matches()) return List.of(tensor);
        List<String> out = new ArrayList<>();
        for (int i = Integer.parseInt(m.group(2)); i <= Integer.parseInt(m.group(3)); i++) out.add(m.group(1) + i + m.group(4));
        return out;
    }
}
