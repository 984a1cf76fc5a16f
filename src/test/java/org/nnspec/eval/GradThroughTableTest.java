package org.nnspec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nnspec.ProgramRun;

/**
 * Under {@code grad}, every built-in goes through its table entry: differentiable ones record
 * on the tape, those without a derivative (sizes, constructors, range) see plain values, and
 * the rest say they cannot be differentiated. Expected values worked by hand beside each.
 */
class GradThroughTableTest {
    @Test void differentiableEntriesRecordOnTheTape() {
        // d/dw sum([w 2w]) = 1 + 2 = 3; d/dw max(w, 3) at w = 2 is 0 (3 wins);
        // d/dw relu(w) at 2 = 1; d/dw log(w) = 1/w = 0.5 (log is ln);
        // d/dw norm([3w 4w]) = ‖[3 4]‖ = 5; d/dw transpose([w 1])[0, 0] = 1
        assertEquals("""
                grad(sum([w 2*w]), w) = 3
                grad(max(w, 3), w) = 0
                grad(relu(w), w) = 1
                grad(log(w), w) = 0.5
                grad(norm([3*w 4*w]), w) = 5
                grad(transpose([w 1])[0, 0], w) = 1
                """, run("""
                w = 2
                grad(sum([w 2*w]), w)
                grad(max(w, 3), w)
                grad(relu(w), w)
                grad(log(w), w)
                grad(norm([3*w 4*w]), w)
                grad(transpose([w 1])[0, 0], w)
                """).out());
    }

    @Test void entriesWithoutADerivativeSeePlainValues() {
        // rows([w w]) = 1 and len(range(3)) = 3 are constants: d/dw (1·w) = 1, d/dw (3·w) = 3;
        // zeros(1, 2) + w is [w w]: d/dw of its sum is 2. With w itself the argument (w = 2, on
        // the tape): len(range(w)) = 2 and rows(eye(w)) = 2 are constants, so d/dw (2·w) = 2;
        // zeros(w - 1, 2) + w is [w w] again
        assertEquals("""
                grad(rows([w w]) * w, w) = 1
                grad(len(range(3)) * w, w) = 3
                grad(sum(zeros(1, 2) + w), w) = 2
                grad(len(range(w)) * w, w) = 2
                grad(rows(eye(w)) * w, w) = 2
                grad(sum(zeros(w - 1, 2) + w), w) = 2
                """, run("""
                w = 2
                grad(rows([w w]) * w, w)
                grad(len(range(3)) * w, w)
                grad(sum(zeros(1, 2) + w), w)
                grad(len(range(w)) * w, w)
                grad(rows(eye(w)) * w, w)
                grad(sum(zeros(w - 1, 2) + w), w)
                """).out());
    }

    @Test void theOthersSaySo() {
        ProgramRun diag = run("w = 2\ngrad(diag([w 1])[0, 0], w)\n");
        assertEquals(1, diag.code());
        assertTrue(diag.err().contains("error: diag cannot be differentiated"), diag.err());
    }

    @Test void reductionsAlongADimAreDifferentiable() {
        // sum([w w], dim=1) is the 1×1 [2w]: d/dw = 2. mean([w 1; 3 w], dim=0) = [(w+3)/2, (1+w)/2],
        // its entry 1 has d/dw = 1/2. max([w 5; 1 w], dim=-1) at w = 2 is [5; 2]: entry 1 is w, so 1.
        // min([w w], dim=1) at w = 2 has two tied entries, both w: torch.min(dim) sends the
        // gradient to the first one only, which is w itself, so 1 (not 2, and not 0.5 + 0.5 = 1
        // by accident: the matrix form below tells them apart).
        assertEquals("""
                grad(sum([w w], dim=1)[0], w) = 2
                grad(mean([w 1; 3 w], dim=0)[1], w) = 0.5
                grad(max([w 5; 1 w], dim=-1)[1], w) = 1
                grad(sum(min(M, dim=1)), M) = [1 0]
                grad(sum(max(N, dim=0)), N) = 2×3 matrix
                  1  0  1
                  0  1  0
                """, run("""
                w = 2
                grad(sum([w w], dim=1)[0], w)
                grad(mean([w 1; 3 w], dim=0)[1], w)
                grad(max([w 5; 1 w], dim=-1)[1], w)
                M = [2 2]
                grad(sum(min(M, dim=1)), M)
                N = [3 1 3; 3 2 0]
                grad(sum(max(N, dim=0)), N)
                """).out());
        // the last from PyTorch 1.13: torch.max(N, dim=0, keepdim=True).values.sum().backward()
        // gives N.grad = [[1, 0, 1], [0, 1, 0]] (the first of the tied 3s in column 0)
    }

    @Test void softmaxChecksItsDimOnceForPlainAndTracedCalls() {
        // d/dw of entry 0 of softmax([w 0]) at w = 0: s(1 − s) with s = 1/2, so 0.25
        assertEquals("grad(softmax([w 0])[0], w) = 0.25\n", run("w = 0\ngrad(softmax([w 0])[0], w)\n").out());
        for (String call : new String[] {"softmax([w 0], dim=5)", "grad(softmax([w 0], dim=5)[0], w)"}) {
            ProgramRun r = run("w = 0\n" + call + "\n");
            assertEquals(1, r.code(), call);
            assertTrue(r.err().contains("error: softmax dim must be -2, -1, 0 or 1 for a matrix, not 5"), call + ": " + r.err());
        }
    }

    private static ProgramRun run(String program) {
        return ProgramRun.of(program);
    }
}
