package org.nnspec.autodiff;

import org.ejml.data.DMatrixRMaj;

/**
 * The backward rule of an operation involving a matrix: given the adjoint of the operation's
 * output ({@code upstream}, a 1×1 matrix when the output is a scalar), add the adjoints of its
 * inputs into {@code adjoints}.
 */
@FunctionalInterface
interface Backward {
    void propagate(DMatrixRMaj upstream, Adjoints adjoints);
}
