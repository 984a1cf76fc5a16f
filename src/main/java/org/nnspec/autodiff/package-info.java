/**
 * Reverse-mode automatic differentiation over scalars and EJML matrices (docs/language.md §7).
 *
 * <p>How the interpreter uses it for {@code grad(y, x)}: create a {@link org.nnspec.autodiff.Tape};
 * make {@code x} a {@code tape.variable(...)} (a sequence element's value with its rule cut, a
 * bound scalar, or a matrix); evaluate {@code y}'s expression with every other value as
 * {@link org.nnspec.autodiff.Node#constant}, routing arithmetic through
 * {@link org.nnspec.autodiff.Arithmetic}, built-ins through their entries in the interpreter's
 * table ({@code eval.Builtins}), which record {@link org.nnspec.autodiff.Elementwise} and
 * {@link org.nnspec.autodiff.Reductions} operations, and
 * indexing and matrix literals through {@link org.nnspec.autodiff.Structure}; then call
 * {@link org.nnspec.autodiff.Gradients#grad}. Operations on constants fold without touching the
 * tape, so only what depends on {@code x} is recorded.
 */
package org.nnspec.autodiff;
