package dev.rewardsmith.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.rewardsmith.api.TestAccounts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Workers panel of the searches page (docs/architecture.md, Workers): in the default mode, the local pool. */
@QuarkusTest
@TestProfile(WebUiProfile.class)
class WorkersPanelTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void theSearchesPageListsTheLocalPool() {
        int cores = Runtime.getRuntime().availableProcessors();
        try (Playwright playwright = Browser.playwright();
                com.microsoft.playwright.Browser browser = Browser.launch(playwright);
                BrowserContext context = browser.newContext(new NewContextOptions().setViewportSize(1280, 900))) {
            Page page = context.newPage();
            page.navigate(base + "login?next=%2F");
            page.fill("#username", "admin");
            page.fill("#password", TestAccounts.ADMIN_PASSWORD);
            page.click("#login-submit");
            page.waitForURL(Pattern.compile(".*/$"));
            var local = page.locator("#worker-table tr[data-worker=\"local\"]");
            assertThat(local).hasCount(1);
            assertThat(local.locator("th")).hasText("local");
            assertThat(local.locator("td").nth(0)).hasText(String.valueOf(cores));
            // idle, unless a search another test started still trains
            assertThat(local.locator("td").nth(1)).hasText(Pattern.compile("^(idle|[1-9][0-9]* of " + cores + ")$"));
            assertThat(local.locator("td").nth(2)).hasText("this server");
            assertThat(page.locator("#worker-table tr[data-lost]")).hasCount(0);
        }
    }
}
