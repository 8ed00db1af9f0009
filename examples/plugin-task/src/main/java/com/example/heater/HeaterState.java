package com.example.heater;

/**
 * What a reward program sees of one room after a step: its temperature, the set point, the weather and the heater
 * power just applied. Public, documented fields of the types the reward language reads (double, int, boolean,
 * double[]); read only.
 */
public final class HeaterState {

    /** Room temperature, degrees Celsius, after this step. */
    public double temperature;

    /** The set point the room should be kept at, degrees Celsius, in [19, 23]; fixed for the episode. */
    public double setPoint;

    /** Outside temperature, degrees Celsius, in [-5, 10]; fixed for the episode. */
    public double outside;

    /** The heater command just applied, in [-1, 1]: -1 is off, 1 is full power (3 kW). */
    public final double[] action = new double[1];

    /** Heater power just applied as a fraction of full power, in [0, 1]: (action + 1) / 2. */
    public double power;

    /** Steps taken in this episode including this one, 1 to 120 (one step is 3 minutes). */
    public int step;

    public HeaterState() {}
}
