package dev.rewardsmith.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rewardsmith.task.acrobot.AcrobotTask;
import dev.rewardsmith.task.cartpole.CartPoleTask;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskRegistryTest {

    private static final List<String> BUILT_IN_ORDER = List.of(
            "cartpole",
            "pendulum",
            "mountain-car",
            "acrobot",
            "reacher",
            "ball-balance",
            "quadcopter",
            "reorient",
            "spin",
            "ant",
            "humanoid",
            "hopper");

    @Test
    void listsBuiltInsInOrderThenServiceLoadedTasks() {
        List<String> ids = new TaskRegistry().all().stream().map(Task::id).toList();
        assertEquals(List.of("cartpole", "pendulum", "mountain-car", "acrobot"), ids.subList(0, 4));
        // the other built-ins appear when their classes are on the classpath, in the documented order
        List<String> builtIns = ids.stream().filter(BUILT_IN_ORDER::contains).toList();
        assertEquals(BUILT_IN_ORDER.stream().filter(builtIns::contains).toList(), builtIns);
        assertEquals("test-line", ids.get(ids.size() - 1), "the service-loaded task comes last");
        assertEquals(builtIns.size() + 1, ids.size());
    }

    @Test
    void findsByIdAndReportsUnknownIdsAsEmpty() {
        TaskRegistry registry = new TaskRegistry();
        assertEquals(CartPoleTask.class, registry.find("cartpole").orElseThrow().getClass());
        assertEquals(
                ServiceLoadedTask.class,
                registry.find("test-line").orElseThrow().getClass());
        assertTrue(registry.find("cart-pole").isEmpty());
        assertTrue(registry.find(null).isEmpty());
        assertSame(registry.find("acrobot").orElseThrow(), registry.all().get(3));
    }

    @Test
    void rejectsDuplicateIdsNamingBothClasses() {
        Task impostor = new ServiceLoadedTask() {
            @Override
            public String id() {
                return "acrobot";
            }
        };
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> new TaskRegistry(List.of(new AcrobotTask()), List.of(impostor)));
        assertTrue(e.getMessage().contains("duplicate task id 'acrobot'"), e.getMessage());
        assertTrue(e.getMessage().contains(AcrobotTask.class.getName()), e.getMessage());
        assertThrows(
                IllegalStateException.class,
                () -> new TaskRegistry(List.of(new CartPoleTask(), new CartPoleTask()), List.of()));
    }

    @Test
    void aBuiltInAlsoDeclaredAsServiceIsListedOnce() {
        TaskRegistry registry = new TaskRegistry(List.of(new CartPoleTask()), List.of(new CartPoleTask()));
        assertEquals(1, registry.all().size());
    }

    @Test
    void rejectsMalformedIds() {
        Task bad = new ServiceLoadedTask() {
            @Override
            public String id() {
                return "Bad Id";
            }
        };
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> new TaskRegistry(List.of(), List.of(bad)));
        assertTrue(e.getMessage().contains("'Bad Id'"), e.getMessage());
    }
}
