import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nnspec.linalg.Broadcast;
import org.nnspec.render.MatrixText;
import org.nnspec.render.Numbers;
import org.nnspec.syntax.gen.NNSpecLexer;
import org.nnspec.syntax.gen.NNSpecParser;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A stand-in for the interpreter's start-up while org.nnspec.cli.Main is still a stub: it
 * touches the same libraries a real run of bench/small.nnspec does (picocli option parsing,
 * the ANTLR lexer and parser, an EJML product with broadcasting, number and matrix text,
 * Jackson's JSON writer), so that bench/startup.sh --flags can estimate what a class-data-
 * sharing archive and GC choice are worth before the language lands. Compiled against
 * target/nnspec.jar by the bench script; not part of the build.
 */
@CommandLine.Command(name = "probe")
public class StartupProbe implements Callable<Integer> {
    @Option(names = "--format") String format = "text";
    @Option(names = "--precision") int precision = 6;
    @Parameters List<String> files = List.of();

    public static void main(String[] args) {
        System.exit(new CommandLine(new StartupProbe()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        NNSpecLexer lexer = new NNSpecLexer(CharStreams.fromString("  \t "));
        NNSpecParser parser = new NNSpecParser(new CommonTokenStream(lexer));
        parser.program();

        DMatrixRMaj w = new DMatrixRMaj(2, 2, true, 1, 2, 3, 4);
        DMatrixRMaj v = new DMatrixRMaj(2, 1, true, 1, 1);
        DMatrixRMaj product = new DMatrixRMaj(2, 1);
        CommonOps_DDRM.mult(w, v, product);
        DMatrixRMaj sum = Broadcast.apply(product, new DMatrixRMaj(1, 3, true, 10, 20, 30), "+", Double::sum);

        StringWriter json = new StringWriter();
        try (JsonGenerator out = new JsonFactory().createGenerator(json)) {
            out.writeStartObject();
            out.writeNumberField("x", 5);
            out.writeStringField("W @ v", Numbers.real(product.get(1, 0), precision));
            out.writeEndObject();
        }
        System.out.println(format.equals("json") ? json : "x = 5\n" + MatrixText.render(sum, precision));
        return 0;
    }
}
