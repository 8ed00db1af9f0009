package dev.rewardsmith.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Dialog;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.rewardsmith.api.TestAccounts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A team member signs in through the login page, creates an API token, sees it listed, uses it, revokes it. */
@QuarkusTest
@TestProfile(WebUiProfile.class)
class TokensPageTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void signInCreateATokenSeeItListedAndRevokeIt() {
        try (Playwright playwright = Browser.playwright();
                com.microsoft.playwright.Browser browser = Browser.launch(playwright);
                BrowserContext context = browser.newContext(new NewContextOptions().setViewportSize(1280, 800))) {
            Page page = context.newPage();
            page.navigate(base + "tokens");
            assertThat(page).hasURL(Pattern.compile(".*/login\\?next=%2Ftokens$"));
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/login.png")));

            page.fill("#username", "admin");
            page.fill("#password", "not the password");
            page.click("#login-submit");
            assertThat(page.locator("#login-error")).containsText("Wrong user name or password");

            page.fill("#password", TestAccounts.ADMIN_PASSWORD);
            page.click("#login-submit");
            page.waitForURL(Pattern.compile(".*/tokens$"));
            assertThat(page.locator("header.topbar .user .name")).hasText("admin");

            page.fill("#token-name", "playwright-ci");
            page.fill("#token-expiry", "7");
            page.click("#token-create");
            Locator secretField = page.locator("#token-secret");
            assertThat(secretField).hasValue(Pattern.compile("^rsk_[A-Za-z0-9_-]{43}$"));
            String secret = secretField.inputValue();
            Locator row = page.locator(
                    "#token-table tr[data-token-id]", new Page.LocatorOptions().setHasText("playwright-ci"));
            assertThat(row).hasCount(1);
            assertThat(row).containsText("active");
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(Path.of("target/screenshots/tokens.png"))
                    .setFullPage(true));

            // The secret shown once is a working credential...
            given().header("Authorization", TestAccounts.bearer(secret))
                    .get("/api/me")
                    .then()
                    .statusCode(200)
                    .body("name", equalTo("admin"));

            // ...until it is revoked from the page (after confirming).
            page.onDialog(Dialog::accept);
            row.locator("button.token-revoke").click();
            assertThat(row).containsText("revoked");
            given().header("Authorization", TestAccounts.bearer(secret))
                    .get("/api/me")
                    .then()
                    .statusCode(401);
            assertTrue(page.locator("#token-message").textContent().length() > 0, "the page says what happened");
        }
    }
}
