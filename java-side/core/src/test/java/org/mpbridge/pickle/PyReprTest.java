package org.mpbridge.pickle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code repr()} as CPython 3.12 prints it (expected values taken from CPython). */
class PyReprTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2.5|2.5", "0.1|0.1", "1e20|1e+20", "1e16|1e+16", "1e15|1000000000000000.0", "1e-5|1e-05", "0.0001|0.0001",
        "-0.0|-0.0", "0.3333333333333333|0.3333333333333333", "123456789.123|123456789.123", "4.9e-324|5e-324",
        "1.7976931348623157e308|1.7976931348623157e+308", "9007199254740993|9007199254740992.0", "1.5e-7|1.5e-07",
        "100|100.0", "12345678901234567890|1.2345678901234567e+19", "0.30000000000000004|0.30000000000000004",
        "NaN|nan", "Infinity|inf", "-Infinity|-inf"})
    void floats(String javaLiteral, String python) {
        assertThat(PyRepr.floatRepr(Double.parseDouble(javaLiteral))).isEqualTo(python);
    }

    static Stream<Arguments> strings() {
        return Stream.of(
                Arguments.of("it's", "\"it's\""),
                Arguments.of("a\nb", "'a\\nb'"),
                Arguments.of("\u0000", "'\\x00'"),
                Arguments.of("\u00e9", "'\u00e9'"),
                Arguments.of("both '\"", "'both \\'\"'"),
                Arguments.of("\u2028", "'\\u2028'"),
                Arguments.of("tab\t", "'tab\\t'"),
                Arguments.of("\u007f", "'\\x7f'"),
                Arguments.of("\ud83d\ude00", "'\ud83d\ude00'"),
                Arguments.of("\u00a0", "'\\xa0'"));
    }

    @ParameterizedTest
    @MethodSource
    void strings(String value, String python) {
        assertThat(PyRepr.strRepr(value)).isEqualTo(python);
    }
}
