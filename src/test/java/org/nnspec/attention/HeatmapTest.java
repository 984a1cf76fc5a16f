package org.nnspec.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.nnspec.render.attention.AttentionHeatmap;
import org.nnspec.render.Heatmap;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SVG heatmaps parse as XML and carry the cells, values, labels and legend they promise. */
class HeatmapTest {
    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> texts(Document d) {
        List<String> out = new ArrayList<>();
        NodeList n = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < n.getLength(); i++) out.add(n.item(i).getTextContent());
        return out;
    }

    static int cells(Document d) {
        NodeList n = d.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        int count = 0;
        for (int i = 0; i < n.getLength(); i++) {
            if (((Element) n.item(i)).getElementsByTagNameNS("*", "title").getLength() == 1) count++;
        }
        return count;
    }

    /** Kept for a person to open: target/heatmaps/NAME.svg. */
    static void keep(String name, String svg) throws Exception {
        Path dir = Path.of("target", "heatmaps");
        Files.createDirectories(dir);
        Heatmap.write(svg, dir.resolve(name + ".svg"), true);
    }

    @Test
    void seedWeights() throws Exception {
        String svg = AttentionHeatmap.of(AttentionSeedTest.seed(null), "The red panda is cute: attention weights");
        keep("seed", svg);
        Document d = parse(svg);
        assertEquals("svg", d.getDocumentElement().getLocalName());
        assertEquals(25, cells(d)); // 5×5 weights
        List<String> t = texts(d);
        // panda's row: 0.8 and 0.17 written in the cells (2 significant digits), 0.2 for uniform rows
        assertTrue(t.contains("0.8") && t.contains("0.17") && t.contains("0.01") && t.contains("0.2"), t.toString());
        // each token twice (rows and columns), axis names, legend ends 0 and 1
        assertEquals(2, t.stream().filter("panda"::equals).count(), t.toString());
        assertTrue(t.contains("query") && t.contains("key") && t.contains("0") && t.contains("1"), t.toString());
        assertTrue(svg.contains("#fde725") && svg.contains("#440154"), "viridis legend");
    }

    @Test
    void causalTwoHeadsHasAPanelPerHeadAndMaskedCells() throws Exception {
        DMatrixRMaj X = new DMatrixRMaj(new double[][] {{1, 0, 1, 0}, {0, 1, 0, 1}, {1, 1, 0, 0}, {0, 0, 1, 1}});
        DMatrixRMaj I = new DMatrixRMaj(new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}});
        AttentionResult r = Attention.selfAttention(X, I, I, I, List.of("a", "b", "c", "d"), Mask.causal(), 2, null);
        String svg = AttentionHeatmap.of(r, null);
        keep("causal-two-heads", svg);
        Document d = parse(svg);
        assertEquals(32, cells(d)); // two 4×4 panels
        assertTrue(texts(d).contains("head 1") && texts(d).contains("head 2"));
        // weights are 0 above the diagonal (masked): drawn as values, the legend needs no "masked"
        String scores = Heatmap.of(r.headScores().get(0), r.tokens(), r.keyTokens(), "scores of head 1");
        keep("causal-scores", scores);
        List<String> t = texts(parse(scores));
        assertTrue(t.contains("−∞") && t.contains("masked"), t.toString());
    }

    @Test
    void labelsAreEscaped() throws Exception {
        DMatrixRMaj m = new DMatrixRMaj(new double[][] {{1, -2}, {3, 4.5}});
        List<String> labels = List.of("<b>&\"x\"", "it's\u0001");
        String svg = Heatmap.of(m, labels, labels, "A & B <c>");
        keep("escaped", svg);
        Document d = parse(svg); // would throw on a bare < or &
        List<String> t = texts(d);
        assertTrue(t.contains("<b>&\"x\"") && t.contains("it's\ufffd") && t.contains("A & B <c>"), t.toString());
        assertTrue(t.contains("-2") && t.contains("4.5"), t.toString()); // legend spans -2 to 4.5
    }

    @Test
    void largeMatricesAreShownAsBlockMeans() throws Exception {
        int n = 300;
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) m.set(i, j, i == j ? 1 : 0);
        String svg = Heatmap.of(m, null, null, "identity");
        Document d = parse(svg);
        assertEquals(100 * 100, cells(d)); // blocks of 3×3: ⌈300/128⌉ = 3
        // a diagonal block holds three ones among nine entries: mean 1/3
        assertTrue(svg.contains("<title>0.333333</title>"));
        assertTrue(texts(d).contains("identity (means of 3×3 blocks)"));
    }
}
