package dev.rewardsmith.rl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels give the scalar kernels' floats bit for bit, on shapes that exercise every path: full
 * register tiles, single destinations, single-vector columns and scalar tail columns, and row ranges that do not
 * start at 0. The build runs the tests with {@code --add-modules jdk.incubator.vector} (pom.xml), so the vector
 * path is the one the other trainer tests exercise too.
 */
class VectorKernelsTest {

    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void theTestJvmHasTheVectorApi() {
        assertTrue(Mlp.VECTOR_API, "surefire must start the JVM with --add-modules jdk.incubator.vector");
    }

    @Test
    void accumulateMatchesTheScalarKernelBitForBit() {
        int[][] shapes = { // destinations, sources, columns
            {64, 64, 64}, {7, 13, 64}, {5, 3, 80}, {9, 64, 17}, {3, 5, 3}, {64, 2048, 64}, {4, 1, 128}
        };
        for (int[] shape : shapes) {
            for (boolean transposed : new boolean[] {false, true}) {
                int destinations = shape[0];
                int sources = shape[1];
                int n = shape[2];
                float[][] s = matrix(sources + 3, n);
                float[][] c =
                        transposed ? matrix(sources + 3, destinations + 2) : matrix(destinations + 2, sources + 3);
                float[][] expected = matrix(destinations + 2, n);
                float[][] actual = copy(expected);
                Mlp.accumulateScalar(expected, 1, destinations + 1, s, 2, sources + 2, c, transposed, n);
                VectorKernels.accumulate(actual, 1, destinations + 1, s, 2, sources + 2, c, transposed, n);
                for (int i = 0; i < expected.length; i++) {
                    assertArrayEquals(expected[i], actual[i], 0f, "row " + i + " of " + shapeName(shape, transposed));
                }
            }
        }
    }

    @Test
    void dotOverRowsMatchesTheScalarDotBitForBit() {
        int[][] shapes = { // rows, columns
            {2048, 64}, {13, 64}, {7, 19}, {100, 3}
        };
        for (int[] shape : shapes) {
            int rows = shape[0];
            int n = shape[1];
            float[][] x = matrix(rows + 2, n);
            float[][] dzFeatureMajor = matrix(3, rows + 2);
            float[][] dzRowMajor = matrix(rows + 2, 3);
            for (int j = 0; j < 3; j++) {
                float[] fm = new float[n];
                float[] rm = new float[n];
                VectorReductions.dotOverRows(fm, x, n, dzFeatureMajor, true, j, 1, rows + 1);
                VectorReductions.dotOverRows(rm, x, n, dzRowMajor, false, j, 1, rows + 1);
                for (int k = 0; k < n; k++) {
                    assertEquals(Mlp.dotOverRows(x, k, dzFeatureMajor, true, j, 1, rows + 1), fm[k], 0f);
                    assertEquals(Mlp.dotOverRows(x, k, dzRowMajor, false, j, 1, rows + 1), rm[k], 0f);
                }
            }
        }
    }

    @Test
    void tanhAndItsDerivativeMatchTheScalarLoopsBitForBit() {
        for (int n : new int[] {64, 37, 5}) {
            float[] values = new float[n + 2];
            for (int i = 0; i < values.length; i++) values[i] = (float) (random.nextDouble(-12, 12));
            values[1] = Float.NaN;
            float[] vector = values.clone();
            VectorKernels.tanh(vector, 1, n + 1);
            for (int i = 0; i < values.length; i++) {
                float expected = i >= 1 && i <= n ? FastTanh.tanh(values[i]) : values[i];
                assertEquals(expected, vector[i], 0f, "tanh at " + i);
            }
            float[] d = values.clone();
            d[1] = 0.5f;
            float[] expected = d.clone();
            for (int k = 0; k < n; k++) expected[k] *= 1f - vector[k] * vector[k];
            VectorKernels.scaleByTanhDerivative(d, vector, n);
            assertArrayEquals(expected, d, 0f);
        }
    }

    @Test
    void tanhClampsEdgeValuesBitForBitAsTheScalarTanh() {
        float c = 7.90531110763549805f;
        float[] edges = {
            0f,
            -0f,
            Float.NaN,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            c,
            -c,
            Math.nextUp(c),
            Math.nextDown(c),
            Math.nextDown(-c),
            Math.nextUp(-c),
            Float.MAX_VALUE,
            -Float.MAX_VALUE,
            Float.MIN_VALUE,
            -Float.MIN_VALUE,
            1e-30f,
            -1e-30f,
            100f,
            -100f,
            3.5f,
            -3.5f
        };
        // every edge value in every lane position of a vector, and in the scalar tail
        float[] values = new float[edges.length * 17 + 3];
        for (int i = 0; i < values.length; i++) values[i] = edges[i % edges.length];
        float[] vector = values.clone();
        VectorKernels.tanh(vector, 0, values.length);
        for (int i = 0; i < values.length; i++) {
            assertEquals(
                    Float.floatToRawIntBits(FastTanh.tanh(values[i])),
                    Float.floatToRawIntBits(vector[i]),
                    "tanh of " + values[i] + " at " + i);
        }
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(vector[1]));
        assertTrue(Float.isNaN(vector[2]));
        assertEquals(Float.floatToRawIntBits(vector[5]), Float.floatToRawIntBits(vector[3]), "tanh(inf) = tanh(c)");
    }

    @Test
    void theFusedForwardPassMatchesBiasProductsAndTanhBitForBit() {
        int[][] shapes = { // rows, inputs, outputs
            {2048, 64, 64}, {13, 4, 64}, {7, 64, 80}, {6, 3, 17}, {64, 64, 64}, {5, 1, 3}
        };
        for (int[] shape : shapes) {
            int rows = shape[0];
            int in = shape[1];
            int n = shape[2];
            float[][] w = matrix(in, n);
            float[] b = matrix(1, n)[0];
            float[][] x = matrix(rows + 2, in);
            float[][] expected = matrix(rows + 2, n);
            float[][] actual = copy(expected);
            for (int r = 1; r <= rows; r++) System.arraycopy(b, 0, expected[r], 0, n);
            Mlp.accumulateScalar(expected, 1, rows + 1, w, 0, in, x, false, n);
            for (int r = 1; r <= rows; r++) for (int j = 0; j < n; j++) expected[r][j] = FastTanh.tanh(expected[r][j]);
            VectorKernels.forwardTanh(actual, 1, rows + 1, w, b, x, in, n);
            for (int r = 0; r < expected.length; r++) {
                assertArrayEquals(expected[r], actual[r], 0f, "row " + r + " of " + rows + "x" + in + "x" + n);
            }
        }
    }

    @Test
    void theFusedDeltaMatchesProductsAndTheTanhDerivativeBitForBit() {
        int[][] shapes = { // rows, outputs (sources), width
            {2048, 64, 64}, {13, 2, 64}, {7, 1, 80}, {6, 64, 17}, {9, 3, 5}
        };
        for (int[] shape : shapes) {
            for (boolean featureMajor : new boolean[] {false, true}) {
                int rows = shape[0];
                int out = shape[1];
                int n = shape[2];
                float[][] cols = matrix(out, n);
                float[][] a = matrix(rows + 2, n);
                float[][] dz = featureMajor ? matrix(out, rows + 2) : matrix(rows + 2, out);
                float[][] expected = matrix(rows + 2, n);
                float[][] actual = copy(expected);
                for (int r = 1; r <= rows; r++) java.util.Arrays.fill(expected[r], 0f);
                Mlp.accumulateScalar(expected, 1, rows + 1, cols, 0, out, dz, featureMajor, n);
                for (int r = 1; r <= rows; r++) for (int k = 0; k < n; k++) expected[r][k] *= 1f - a[r][k] * a[r][k];
                VectorKernels.propagateTanh(actual, a, 1, rows + 1, cols, dz, featureMajor, out, n);
                for (int r = 0; r < expected.length; r++) {
                    assertArrayEquals(expected[r], actual[r], 0f, "row " + r + " of " + shapeName(shape, featureMajor));
                }
            }
        }
    }

    @Test
    void sumOverRowsMatchesTheScalarPartialSumsBitForBit() {
        int[][] shapes = { // rows, columns
            {2048, 64}, {13, 64}, {7, 19}, {3, 40}, {256, 3}
        };
        for (int[] shape : shapes) {
            int rows = shape[0];
            int n = shape[1];
            float[][] dz = matrix(rows + 2, n);
            float[] expected = new float[n];
            float[] actual = new float[n];
            MlpBackward.sumOverRows(dz, 1, rows + 1, n, new float[4][n], expected);
            VectorReductions.sumOverRows(dz, 1, rows + 1, n, actual);
            assertArrayEquals(expected, actual, 0f, rows + "x" + n);
        }
    }

    private float[][] matrix(int rows, int columns) {
        float[][] m = new float[rows][columns];
        for (float[] row : m) for (int j = 0; j < columns; j++) row[j] = (float) random.nextDouble(-1, 1);
        return m;
    }

    private static float[][] copy(float[][] m) {
        float[][] c = new float[m.length][];
        for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
        return c;
    }

    private static String shapeName(int[] shape, boolean transposed) {
        return shape[0] + "x" + shape[1] + "x" + shape[2] + (transposed ? " transposed" : "");
    }
}
