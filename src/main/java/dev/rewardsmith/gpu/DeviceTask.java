package dev.rewardsmith.gpu;

import dev.rewardsmith.task.acrobot.AcrobotState;
import dev.rewardsmith.task.cartpole.CartPoleState;
import dev.rewardsmith.task.mountaincar.MountainCarState;
import dev.rewardsmith.task.pendulum.PendulumState;
import java.util.Optional;

/**
 * The tasks whose dynamics have kernels in native-gpu/ppo.cu (docs/gpu.md, which also says why the others have
 * none): the kernel suffix, the doubles of state per copy, the reset draws per copy, and the C that fills the
 * task's state view (the struct {@link dev.rewardsmith.reward.CudaEmitter} emits) from the state arrays, as the
 * Java environment's loadStateView does.
 */
enum DeviceTask {
    CARTPOLE(
            CartPoleState.class,
            "cartpole",
            5,
            4,
            """
            st->cartPosition = s[i];
            st->cartVelocity = s[n + i];
            st->poleAngle = s[2 * n + i];
            st->poleAngularVelocity = s[3 * n + i];
            st->action = (int) s[4 * n + i];
            st->step = steps[i];
            st->failed = term[i];
            """),
    PENDULUM(
            PendulumState.class,
            "pendulum",
            3,
            2,
            """
            double theta = s[i];
            double m = theta + 3.141592653589793;
            if (m < 0 || m >= 2 * 3.141592653589793) {
                m = fmod(m, 2 * 3.141592653589793);
                if (m < 0) m += 2 * 3.141592653589793;
            }
            double angle = m - 3.141592653589793;
            st->angle = angle;
            st->angularVelocity = s[n + i];
            st->cosAngle = cos(theta);
            st->sinAngle = sin(theta);
            st->action[0] = s[2 * n + i];
            st->step = steps[i];
            st->upright = fabs(angle) < 0.2;
            st->secondHalf = steps[i] > 100;
            """),
    MOUNTAIN_CAR(
            MountainCarState.class,
            "mountaincar",
            3,
            1,
            """
            st->position = s[i];
            st->velocity = s[n + i];
            st->height = sin(3 * s[i]);
            st->action[0] = s[2 * n + i];
            st->step = steps[i];
            st->atGoal = term[i];
            """),
    ACROBOT(
            AcrobotState.class,
            "acrobot",
            5,
            4,
            """
            st->theta1 = s[i];
            st->theta2 = s[n + i];
            st->theta1Velocity = s[2 * n + i];
            st->theta2Velocity = s[3 * n + i];
            st->elbowHeight = -cos(s[i]);
            st->tipHeight = -cos(s[i]) - cos(s[n + i] + s[i]);
            st->action = (int) s[4 * n + i];
            st->torque = st->action == 0 ? -1.0 : (st->action == 1 ? 0.0 : 1.0);
            st->step = steps[i];
            st->atGoal = term[i];
            """);

    final Class<?> stateType;
    final String kernel;
    final int stateFields;
    final int resetDraws;
    final String loader;

    DeviceTask(Class<?> stateType, String kernel, int stateFields, int resetDraws, String loader) {
        this.stateType = stateType;
        this.kernel = kernel;
        this.stateFields = stateFields;
        this.resetDraws = resetDraws;
        this.loader = loader;
    }

    /** The device version of a task with this state view, if there is one. */
    static Optional<DeviceTask> of(Class<?> stateType) {
        for (DeviceTask t : values()) {
            if (t.stateType == stateType) return Optional.of(t);
        }
        return Optional.empty();
    }
}
