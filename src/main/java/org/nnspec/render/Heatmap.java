package org.nnspec.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.diag.NnspecException;

/**
 * An SVG heatmap of any matrix ({@code plot(M, "m.svg")}): cells coloured on the viridis scale
 * (perceptually uniform, readable in grey and by most colour-blind readers), the value written
 * in each cell where it fits, labels on both axes, a colour-scale legend and a title.
 * Non-finite entries (a masked score is {@code -inf}) are grey. Several matrices of one size can
 * be drawn side by side as panels on a shared scale ({@link AttentionHeatmap} draws one per head).
 * Matrices larger than {@link #MAX_CELLS} a side are shown as means of square blocks, and the
 * title says so.
 */
public final class Heatmap {
    static final int MAX_CELLS = 128;
    private static final double FONT = 12, CHAR = 7.2; // label font size and its mean glyph width
    private static final String MASKED = "#d9d9d9";
    /** matplotlib's viridis at 0, 0.1, ..., 1. */
    private static final int[] VIRIDIS = {0x440154, 0x482475, 0x414487, 0x355f8d, 0x2a788e, 0x21918c,
        0x22a884, 0x44bf70, 0x7ad151, 0xbddf26, 0xfde725};

    /** One matrix of a heatmap, with the title above it (empty for none). */
    public record Panel(String title, DMatrixRMaj values) {}

    /** The names written along the column axis (below) and the row axis (left), or null for none. */
    public record Axes(String columns, String rows) {
        static final Axes NONE = new Axes(null, null);
    }

    private Heatmap() {}

    /**
     * {@code panels}, all of one size, side by side, coloured from {@code lo} to {@code hi}.
     *
     * @param rowLabels one per row, shared by the panels; likewise {@code colLabels}
     */
    public static String of(String title, List<Panel> panels, List<String> rowLabels, List<String> colLabels,
            Axes axes, double lo, double hi) {
        DMatrixRMaj first = panels.get(0).values();
        for (Panel p : panels) {
            if (p.values().numRows != first.numRows || p.values().numCols != first.numCols) {
                throw new IllegalArgumentException("the panels of a heatmap must be of one size");
            }
        }
        return svg(title, panels, labels(rowLabels, first.numRows, "row"), labels(colLabels, first.numCols, "column"),
                axes.columns(), axes.rows(), lo, hi);
    }

    /**
     * A plain matrix, coloured from its smallest to its largest finite entry.
     *
     * @param rowLabels one per row, or null for 0, 1, 2, ...; likewise {@code colLabels}
     */
    public static String of(DMatrixRMaj m, List<String> rowLabels, List<String> colLabels, String title) {
        if (m.numRows == 0 || m.numCols == 0) {
            throw new NnspecException("cannot plot an empty " + m.numRows + "×" + m.numCols + " matrix", null);
        }
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m.getNumElements(); i++) {
            double v = m.data[i];
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) { lo = 0; hi = 1; }
        if (lo == hi) { lo -= 0.5; hi += 0.5; }
        String t = title != null ? title : m.numRows + "×" + m.numCols + " matrix";
        return of(t, List.of(new Panel("", m)), rowLabels, colLabels, Axes.NONE, lo, hi);
    }

    /** {@code labels}, checked to be one per {@code what}, or 0, 1, 2, ... when there are none. */
    private static List<String> labels(List<String> labels, int count, String what) {
        if (labels == null) {
            List<String> indices = new ArrayList<>(count);
            for (int i = 0; i < count; i++) indices.add(Integer.toString(i));
            return indices;
        }
        if (labels.size() != count) {
            throw new NnspecException(labels.size() + " " + what + " labels for " + count + " " + what + "s",
                    "give one label per " + what);
        }
        return labels;
    }

    /** Writes {@code svg} to {@code file}; an I/O failure is a user error naming the path. */
    /**
     * Writes the SVG to {@code file}, never through a symbolic link (the final component is
     * opened without following one); an existing file is replaced only when {@code replace}.
     * Returns whether a file was replaced.
     */
    public static boolean write(String svg, Path file, boolean replace) {
        try {
            if (Files.isSymbolicLink(file)) {
                throw new NnspecException("cannot write " + file + ": it is a symbolic link, and plot never writes through one",
                        "remove the link, or write to another name");
            }
            boolean existed = Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (existed && !replace) {
                throw new NnspecException("cannot write " + file + ": a file of that name exists, and the sandbox never replaces one",
                        "write to another name");
            }
            if (existed && !Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new NnspecException("cannot write " + file + ": it is not a regular file", "write to another name");
            }
            java.nio.file.OpenOption[] options = replace
                    ? new java.nio.file.OpenOption[] {java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                            java.nio.file.StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS}
                    : new java.nio.file.OpenOption[] {java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS};
            try (java.io.OutputStream out = Files.newOutputStream(file, options)) {
                out.write(svg.getBytes(StandardCharsets.UTF_8));
            }
            return existed;
        } catch (NnspecException e) {
            throw e;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new NnspecException("cannot write " + file + ": a file of that name exists, and the sandbox never replaces one",
                    "write to another name");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new NnspecException("cannot write " + file + ": its folder does not exist",
                    "create the folder first, or write to an existing one");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new NnspecException("cannot write " + file + ": permission denied", null);
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null || e.getMessage().equals(file.toString())
                    ? e.getClass().getSimpleName() : e.getMessage();
            throw new NnspecException("cannot write " + file + ": " + why,
                    "check that the folder exists and is writable");
        }
    }

    private static String svg(String title, List<Panel> panels, List<String> rowLabels, List<String> colLabels,
            String xName, String yName, double lo, double hi) {
        int rows = panels.get(0).values().numRows, cols = panels.get(0).values().numCols;
        int block = (Math.max(rows, cols) + MAX_CELLS - 1) / MAX_CELLS;
        int shownRows = (rows + block - 1) / block, shownCols = (cols + block - 1) / block;
        boolean labelled = block == 1 && Math.max(rows, cols) <= 64;
        double cell = Math.max(4, Math.min(56, 560.0 / Math.max(shownRows, shownCols)));
        int tickEvery = labelled ? 1 : Math.max(1, (int) Math.ceil(FONT * 1.5 / cell));
        List<String> rowTicks = ticks(rowLabels, rows, block, labelled);
        List<String> colTicks = ticks(colLabels, cols, block, labelled);

        double rowLabelWidth = longest(rowTicks) * CHAR + 10;
        double colLabelLen = longest(colTicks) * CHAR;
        boolean rotate = colLabelLen > cell * tickEvery - 4;
        double colLabelHeight = rotate ? colLabelLen * 0.72 + 12 : FONT + 8;
        double left = 16 + (yName != null ? FONT + 8 : 0) + rowLabelWidth;
        double top = 40 + (panels.size() > 1 ? 20 : 0) + colLabelHeight;
        double gridW = shownCols * cell, gridH = shownRows * cell;
        double panelGap = rowLabelWidth + 24;
        double legendX = left + panels.size() * gridW + (panels.size() - 1) * panelGap + 24;
        double legendH = Math.max(gridH, 120);
        double width = legendX + 14 + 8 + 8 * CHAR + 16;
        boolean anyNonFinite = false;
        for (Panel p : panels) {
            for (int i = 0; i < p.values().getNumElements() && !anyNonFinite; i++) anyNonFinite = !Double.isFinite(p.values().data[i]);
        }
        double height = top + Math.max(gridH + (xName != null ? FONT + 24 : 16), legendH + (anyNonFinite ? 36 : 16));

        boolean masked = false;
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(n(width)).append("\" height=\"")
                .append(n(height)).append("\" viewBox=\"0 0 ").append(n(width)).append(' ').append(n(height))
                .append("\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"").append(n(FONT)).append("\">\n");
        sb.append("<title>").append(escape(title)).append("</title>\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        String fullTitle = block > 1 ? title + " (means of " + block + "×" + block + " blocks)" : title;
        sb.append("<text x=\"16\" y=\"24\" font-size=\"16\" font-weight=\"bold\">").append(escape(fullTitle)).append("</text>\n");
        for (int p = 0; p < panels.size(); p++) {
            double x0 = left + p * (gridW + panelGap);
            Panel panel = panels.get(p);
            if (!panel.title().isEmpty()) {
                sb.append("<text x=\"").append(n(x0 + gridW / 2)).append("\" y=\"").append(n(48))
                        .append("\" text-anchor=\"middle\" font-weight=\"bold\">").append(escape(panel.title())).append("</text>\n");
            }
            DMatrixRMaj shown = block == 1 ? panel.values() : blockMeans(panel.values(), block);
            masked |= cells(sb, shown, x0, top, cell, lo, hi);
            axisLabels(sb, rowTicks, colTicks, x0, top, cell, tickEvery, rotate);
            if (yName != null && p == 0) {
                double cy = top + gridH / 2, cx = 16 + FONT / 2;
                sb.append("<text x=\"").append(n(cx)).append("\" y=\"").append(n(cy)).append("\" text-anchor=\"middle\" font-style=\"italic\" transform=\"rotate(-90 ")
                        .append(n(cx)).append(' ').append(n(cy)).append(")\">").append(escape(yName)).append("</text>\n");
            }
            if (xName != null) {
                sb.append("<text x=\"").append(n(x0 + gridW / 2)).append("\" y=\"").append(n(top + gridH + FONT + 10))
                        .append("\" text-anchor=\"middle\" font-style=\"italic\">").append(escape(xName)).append("</text>\n");
            }
        }
        legend(sb, legendX, top, legendH, lo, hi, masked);
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** Draws the cells; returns whether any was masked ({@code -inf}) or undefined. */
    private static boolean cells(StringBuilder sb, DMatrixRMaj m, double x0, double y0, double cell, double lo, double hi) {
        boolean masked = false;
        double font = Math.min(FONT, cell * 0.3);
        sb.append("<g stroke=\"white\" stroke-width=\"").append(cell >= 12 ? "1" : "0").append("\">\n");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                double v = m.get(i, j);
                boolean finite = Double.isFinite(v);
                masked |= !finite;
                int rgb = finite ? colour((v - lo) / (hi - lo)) : 0xd9d9d9;
                double x = x0 + j * cell, y = y0 + i * cell;
                sb.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(cell))
                        .append("\" height=\"").append(n(cell)).append("\" fill=\"").append(finite ? hex(rgb) : MASKED).append("\"><title>")
                        .append(Numbers.real(v, 6)).append("</title></rect>\n");
                String label = finite ? Numbers.real(v, 2) : Double.isNaN(v) ? "nan" : v < 0 ? "−∞" : "∞";
                if (cell >= 24 && label.length() * font * 0.6 <= cell - 4) {
                    text.append("<text x=\"").append(n(x + cell / 2)).append("\" y=\"").append(n(y + cell / 2 + font * 0.35))
                            .append("\" fill=\"").append(luminance(rgb) > 0.45 ? "black" : "white").append("\">")
                            .append(escape(label)).append("</text>\n");
                }
            }
        }
        sb.append("</g>\n");
        if (text.length() > 0) {
            sb.append("<g text-anchor=\"middle\" font-size=\"").append(n(font)).append("\">\n").append(text).append("</g>\n");
        }
        return masked;
    }

    private static void axisLabels(StringBuilder sb, List<String> rowTicks, List<String> colTicks, double x0, double y0,
            double cell, int every, boolean rotate) {
        sb.append("<g fill=\"#222\">\n");
        for (int i = 0; i < rowTicks.size(); i += every) {
            sb.append("<text x=\"").append(n(x0 - 6)).append("\" y=\"").append(n(y0 + (i + 0.5) * cell + FONT * 0.35))
                    .append("\" text-anchor=\"end\">").append(escape(rowTicks.get(i))).append("</text>\n");
        }
        for (int j = 0; j < colTicks.size(); j += every) {
            double cx = x0 + (j + 0.5) * cell, cy = y0 - 6;
            sb.append("<text x=\"").append(n(cx)).append("\" y=\"").append(n(cy)).append('"');
            if (rotate) {
                sb.append(" text-anchor=\"start\" transform=\"rotate(-45 ").append(n(cx)).append(' ').append(n(cy)).append(")\"");
            } else {
                sb.append(" text-anchor=\"middle\"");
            }
            sb.append('>').append(escape(colTicks.get(j))).append("</text>\n");
        }
        sb.append("</g>\n");
    }

    private static void legend(StringBuilder sb, double x, double y, double h, double lo, double hi, boolean masked) {
        sb.append("<defs><linearGradient id=\"scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n");
        for (int i = 0; i < VIRIDIS.length; i++) {
            sb.append("<stop offset=\"").append(n(i / (double) (VIRIDIS.length - 1))).append("\" stop-color=\"")
                    .append(hex(VIRIDIS[i])).append("\"/>\n");
        }
        sb.append("</linearGradient></defs>\n");
        sb.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"14\" height=\"").append(n(h))
                .append("\" fill=\"url(#scale)\" stroke=\"#444\" stroke-width=\"0.5\"/>\n");
        for (int t = 0; t <= 4; t++) {
            double v = lo + (hi - lo) * t / 4, ty = y + h - h * t / 4;
            sb.append("<line x1=\"").append(n(x + 14)).append("\" y1=\"").append(n(ty)).append("\" x2=\"").append(n(x + 18))
                    .append("\" y2=\"").append(n(ty)).append("\" stroke=\"#444\"/>\n");
            sb.append("<text x=\"").append(n(x + 21)).append("\" y=\"").append(n(ty + FONT * 0.35)).append("\">")
                    .append(escape(Numbers.real(v, 3))).append("</text>\n");
        }
        if (masked) {
            double my = y + h + 10;
            sb.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(my)).append("\" width=\"14\" height=\"10\" fill=\"")
                    .append(MASKED).append("\"/>\n<text x=\"").append(n(x + 21)).append("\" y=\"").append(n(my + 9))
                    .append("\" font-size=\"10\">masked</text>\n");
        }
    }

    private static List<String> ticks(List<String> labels, int count, int block, boolean labelled) {
        List<String> ticks = new ArrayList<>();
        for (int i = 0; i < count; i += block) ticks.add(labelled ? labels.get(i) : Integer.toString(i));
        return ticks;
    }

    private static DMatrixRMaj blockMeans(DMatrixRMaj m, int block) {
        int rows = (m.numRows + block - 1) / block, cols = (m.numCols + block - 1) / block;
        DMatrixRMaj out = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double sum = 0;
                int count = 0;
                for (int r = i * block; r < Math.min(m.numRows, (i + 1) * block); r++) {
                    for (int c = j * block; c < Math.min(m.numCols, (j + 1) * block); c++) {
                        sum += m.get(r, c);
                        count++;
                    }
                }
                out.set(i, j, sum / count);
            }
        }
        return out;
    }

    /** Viridis at {@code t} in [0, 1] (clamped), interpolated between its 11 stops. */
    static int colour(double t) {
        t = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min((int) t, VIRIDIS.length - 2);
        double f = t - i;
        int a = VIRIDIS[i], b = VIRIDIS[i + 1], rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int ca = (a >> shift) & 0xff, cb = (b >> shift) & 0xff;
            rgb |= (int) Math.round(ca + (cb - ca) * f) << shift;
        }
        return rgb;
    }

    /** Relative luminance (sRGB, linearised), to pick black or white text. */
    static double luminance(int rgb) {
        double l = 0;
        double[] w = {0.2126, 0.7152, 0.0722};
        for (int k = 0; k < 3; k++) {
            double c = ((rgb >> (16 - 8 * k)) & 0xff) / 255.0;
            l += w[k] * (c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
        return l;
    }

    private static int longest(List<String> labels) {
        int l = 0;
        for (String s : labels) l = Math.max(l, s.length());
        return l;
    }

    private static String hex(int rgb) { return String.format("#%06x", rgb); }

    private static String n(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    /** XML text and attribute escaping; control characters XML 1.0 cannot hold become U+FFFD. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': sb.append("&amp;"); break;
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&apos;"); break;
                default:
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xfffe || c == 0xffff) sb.append('\ufffd');
                    else sb.append(c);
            }
        }
        return sb.toString();
    }
}
