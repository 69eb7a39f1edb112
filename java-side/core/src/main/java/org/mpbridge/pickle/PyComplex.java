package org.mpbridge.pickle;

/** Python's {@code complex}. */
public record PyComplex(double real, double imag) {
    @Override
    public String toString() {
        return "(" + real + (imag < 0 || (imag == 0 && 1 / imag < 0) ? "" : "+") + imag + "j)";
    }
}
