package dev.rewardsmith.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.rewardsmith.api.TestAccounts;
import dev.rewardsmith.task.Task;
import dev.rewardsmith.task.TaskRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The tasks page lists the suite; a task shows its preview frame, its reward programs and its context. */
@QuarkusTest
@TestProfile(WebUiProfile.class)
class TasksPageTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void browseTheTaskSuite() {
        TaskRegistry registry = new TaskRegistry();
        try (Playwright playwright = Browser.playwright();
                com.microsoft.playwright.Browser browser = Browser.launch(playwright);
                BrowserContext context = browser.newContext(new NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            page.navigate(base + "login?next=%2Ftasks");
            page.fill("#username", "admin");
            page.fill("#password", TestAccounts.ADMIN_PASSWORD);
            page.click("#login-submit");
            page.waitForURL(Pattern.compile(".*/tasks$"));

            for (Task task : registry.all()) {
                assertThat(page.locator("#task-list a[data-task-id=\"" + task.id() + "\"]"))
                        .hasCount(1);
            }
            page.click("#task-list a[data-task-id=\"pendulum\"]");
            assertThat(page.locator("#task-detail")).hasAttribute("data-task-id", "pendulum");
            assertThat(page.locator("#task-preview canvas")).hasAttribute("data-drawn", "true");
            Task pendulum = registry.find("pendulum").orElseThrow();
            String firstLine =
                    pendulum.humanReward().lines().findFirst().orElseThrow().strip();
            assertThat(page.locator("#task-human-reward")).containsText(firstLine);
            assertThat(page.locator("#task-context")).containsText("class PendulumState");
            assertTrue(page.locator("#task-human-reward .hljs-keyword").count() > 0, "Java is highlighted");
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Path.of("target/screenshots/tasks.png"))
                    .setFullPage(false));

            // The selection survives a reload through the address.
            page.reload();
            assertThat(page.locator("#task-detail")).hasAttribute("data-task-id", "pendulum");
        }
    }
}
