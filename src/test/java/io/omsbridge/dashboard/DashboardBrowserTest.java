package io.omsbridge.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.omsbridge.BridgeRun;
import io.omsbridge.Requests;
import io.omsbridge.config.Defaults;
import io.omsbridge.hwcloud.oms.OmsComponent;
import io.omsbridge.ledger.LedgerRecord;
import io.omsbridge.model.LedgerState;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's headless Chromium) against a real bridge with an API token and the
 * simulator, used as a person uses it: the page asks for the token, shows requests posted to the API and dropped in
 * the inbox, a running task's bar moves, a failure says why, a request's detail shows its events, the counts by state
 * follow, the recent table shows one page at a time, and a request's detail stops, resumes, retries and deletes its
 * task (asking for inline keys again when it needs them); the header names the OMS the bridge talks to (and says
 * DEMO for the built-in simulator), the last hour's chart shows the tasks the test made, and Health and Recent
 * requests are in sight at 1400x1000 with the failures capped. Screenshots go to target/dashboard/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "dashboard");
    private static final String TOKEN = "dashboard-test-token-7c41e9b2";
    // long enough for a bar to be seen moving over two refreshes of the page (every 3 s), short enough for the run
    private static final Duration RUN_TIME = Duration.ofSeconds(12);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    // held, so that the level set on it is not lost with a logger the JVM may collect
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static OmsSimulator sim;
    private static BridgeRun bridge;
    private static String page;

    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeAll
    static void startBridge() throws IOException {
        // CI installs them (.ci/run): a machine without them fails here, it does not skip the dashboard
        assertThat(Files.isExecutable(CHROMIUM))
                .as(
                        "%s is missing: install Debian's chromium and chromium-driver"
                                + " (apt-get install -y chromium chromium-driver; .ci/run does it)",
                        CHROMIUM)
                .isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER))
                .as(
                        "%s is missing: install Debian's chromium-driver"
                                + " (apt-get install -y chromium-driver; .ci/run does it)",
                        CHROMEDRIVER)
                .isTrue();
        // Selenium's CDP support lags Chromium's releases and says so at every start; nothing here uses CDP
        SELENIUM_LOG.setLevel(Level.SEVERE);
        Files.createDirectories(SHOTS);

        sim = OmsSimulator.start(SimulatorSettings.builder()
                .waitTime(Duration.ofMillis(300))
                .runTime(RUN_TIME)
                // its tests share the simulator and keep tasks running for 12 s: more than OMS's five at once
                .maxRunningTasks(0)
                .build());
        Map<String, String> settings = BridgeRun.defaults(sim, BridgeRun.newDataDir("dashboard"));
        settings.put("bridge.api.token", TOKEN);
        // a cap the page can show as used/limit (the test defaults have none)
        settings.put("bridge.submit.max-creates-per-window", "40");
        bridge = BridgeRun.start(settings);
        page = "http://127.0.0.1:" + settings.get("camel.server.port") + "/";
    }

    @AfterAll
    static void stopBridge() {
        if (bridge != null) {
            bridge.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=en-US");
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, PATIENCE, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class);
    }

    @AfterEach
    void quitBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    @Order(1)
    void aPersonSeesRequestsRunFailAndExplainThemselves() {
        driver.get(page);
        WebElement dialog = until(d -> visible("#token-dialog"));
        assertThat(text("#token-message")).contains("asks for a token");
        shot("1-token");
        enterToken(TOKEN);
        until(d -> !attr("#updated", "data-updated-at").isEmpty());
        assertThat(dialog.isDisplayed()).isFalse();
        until(d -> "UP".equals(attr("#checks li[data-check='poll']", "data-check-state"))
                && "UP".equals(attr("#checks li[data-check='publish']", "data-check-state")));
        assertThat(all("#checks li[data-check]"))
                .extracting(e -> e.getDomAttribute("data-check"))
                .contains("ledger", "broker", "iam", "oms", "creates-cap", "poll", "publish");
        assertThat(text("#checks li[data-check='ledger'] .check-message")).isNotEmpty();
        until(d -> text("#health-pill").equals("Healthy"));
        // the header says what the bridge talks to; not the built-in simulator, so no DEMO
        assertThat(text("#target [data-field='endpoint']")).isEqualTo(sim.baseUrl());
        assertThat(text("#target [data-field='project']")).isEqualTo(Defaults.SEED_PROJECT_ID);
        assertThat(text("#target [data-field='api']")).isEqualTo("v1");
        assertThat(text("#target [data-field='auth']")).isEqualTo("IAM token");
        assertThat(attr("#target", "data-simulator")).isEqualTo("false");
        assertThat(driver.findElement(By.cssSelector("#target [data-field='simulator']"))
                        .isDisplayed())
                .isFalse();
        assertThat(driver.findElement(By.id("demo")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("demo-pill")).isDisplayed()).isFalse();
        long runningBefore = count("RUNNING") + count("SUBMITTED");
        long failedBefore = count("FAILED");
        long rejectedBefore = count("REJECTED");

        // one request through the API, one through the inbox, one that will fail, and one the bridge rejects
        assertThat(post(Requests.aliased("dash-run-api", "photos-bucket")).statusCode())
                .isEqualTo(202);
        bridge.drop("dash-run-file.json", Requests.aliased("dash-run-file", "archive-bucket"));
        bridge.drop("dash-fail-file.json", Requests.aliased("dash-fail-file", "fail-bucket"));
        await().atMost(PATIENCE)
                .until(() -> bridge.record("dash-run-file") != null && bridge.record("dash-fail-file") != null);
        assertThat(post(Requests.aliased("dash-rejected", "b").replace("\"thread_num\":10", "\"thread_num\":99"))
                        .statusCode())
                .isEqualTo(400);

        // rows appear, with where each came from
        until(d -> all("#recent-rows tr[data-request-id]").size() >= 4);
        assertThat(text("#recent-rows tr[data-request-id='dash-run-api'] [data-field='source']"))
                .isEqualTo("http");
        assertThat(text("#recent-rows tr[data-request-id='dash-run-file'] [data-field='source']"))
                .isEqualTo("file");
        until(d -> count("REJECTED") == rejectedBefore + 1);
        until(d -> text("#failure-list li[data-request-id='dash-rejected'] [data-field='reason']")
                .contains("thread_num: must have a maximum value of 50"));

        // the running task's bar moves: its value grows between two refreshes of the page
        String bar = "#running-list li[data-request-id='dash-run-api'] .bar";
        double first = until(d -> progress(bar) > 0 ? progress(bar) : null);
        double second = until(d -> progress(bar) > first ? progress(bar) : null);
        assertThat(second).isGreaterThan(first).isLessThanOrEqualTo(1.0);
        assertThat(count("RUNNING") + count("SUBMITTED")).isGreaterThanOrEqualTo(runningBefore + 2);
        String task = "#running-list li[data-request-id='dash-run-api'] ";
        assertThat(text(task + "[data-field='objects']")).matches("[\\d,]+ / [\\d,]+");
        assertThat(text(task + "[data-field='bytes']")).matches("[\\d.]+ (B|KiB|MiB|GiB) / [\\d.]+ (KiB|MiB|GiB)");
        assertThat(text(task + "[data-field='speed']")).matches("[\\d.]+ (B|KiB|MiB|GiB)/s");
        assertThat(text(task + "[data-field='left']")).matches("(< 1 s|\\d+ s)");
        assertThat(text(task + "[data-field='from']")).isEqualTo("AWS cn-beijing / photos-bucket");
        assertThat(attr("#cap-limit", "data-limit")).isEqualTo("40");
        assertThat(Long.parseLong(attr("#cap-used", "data-used"))).isGreaterThanOrEqualTo(3);
        scrollTo("#running");
        shot("2-running");

        // the failure says why, in OMS's words, and the counts follow
        String failure = "#failure-list li[data-request-id='dash-fail-file']";
        until(d -> text(failure + " [data-field='reason']").contains("Some objects failed to be migrated."));
        assertThat(text(failure + " [data-field='reason']")).contains("TRF.0004");
        assertThat(attr(failure, "data-state")).isEqualTo("FAILED");
        until(d -> count("FAILED") == failedBefore + 1);
        until(d -> count("SUCCEEDED") >= 2);
        scrollTo("#overview");
        shot("3-failed");

        // its detail: fields and events, opened by a click, kept over refreshes, and reachable by its URL
        click(failure + " [data-open]");
        until(d -> visible("#detail") != null);
        until(d ->
                !all("#detail-event-rows tr[data-event-type='oms.task.failed']").isEmpty());
        assertThat(text("#detail-title")).isEqualTo("dash-fail-file");
        assertThat(text("#detail [data-field='task_error']"))
                .isEqualTo("Some objects failed to be migrated. (TRF.0004)");
        assertThat(text("#detail [data-field='source']")).isEqualTo("file");
        assertThat(text("#detail [data-field='source_bucket']")).isEqualTo("AWS cn-beijing / fail-bucket");
        assertThat(text("#detail [data-field='oms_status']")).isEqualTo("4 · failed");
        assertThat(text("#detail .detail-state .badge")).isEqualTo("Failed");
        assertThat(driver.getCurrentUrl()).endsWith("#/migrations/dash-fail-file");
        String updated = attr("#updated", "data-updated-at");
        until(d -> !attr("#updated", "data-updated-at").equals(updated));
        assertThat(visible("#detail"))
                .as("the detail stays open over a refresh")
                .isNotNull();
        shot("4-detail");

        driver.navigate().refresh();
        until(d -> visible("#detail") != null
                && !all("#detail-event-rows tr[data-event-type='oms.task.failed']")
                        .isEmpty());
        assertThat(all("#token-dialog[open]"))
                .as("the token is kept for the tab")
                .isEmpty();
        click("#detail-close");
        until(d -> !driver.findElement(By.id("detail")).isDisplayed());
        assertThat(driver.getCurrentUrl()).doesNotContain("#/migrations");
        assertThat(driver.findElement(By.id("banner")).isDisplayed())
                .as("no API error shown")
                .isFalse();
    }

    @Test
    @Order(2)
    void aWrongTokenIsAskedForAgainWithAClearMessage() {
        assertThat(post(Requests.aliased("dash-token", "b").replace("\"thread_num\":10", "\"thread_num\":99"))
                        .statusCode())
                .isEqualTo(400);
        driver.get(page + "#/migrations/dash-token");
        until(d -> visible("#token-dialog"));
        enterToken("not-the-token-of-this-bridge");
        until(d -> text("#token-message").contains("did not accept"));
        assertThat(visible("#token-dialog")).isNotNull();
        assertThat(session()).as("a refused token is not kept").isNull();
        shot("1-token-wrong");

        enterToken(TOKEN);
        until(d -> !attr("#updated", "data-updated-at").isEmpty());
        assertThat(session()).isEqualTo(TOKEN);
        // the detail asked for by URL opened once the token was there
        until(d -> visible("#detail") != null
                && text("#detail [data-field='last_error']").equals("thread_num: must have a maximum value of 50"));
        assertThat(text("#detail [data-field='source']")).isEqualTo("http");
        assertThat(driver.findElement(By.id("banner")).isDisplayed()).isFalse();
    }

    @Test
    @Order(3)
    void theRecentTableShowsOnePageAtATimeAndShowsMarkupAsText() {
        driver.get(page);
        until(d -> visible("#token-dialog"));
        enterToken(TOKEN);
        until(d -> !attr("#updated", "data-updated-at").isEmpty());
        new Select(driver.findElement(By.id("recent-size"))).selectByVisibleText("10");
        for (int i = 0; i < 11; i++) {
            post(Requests.aliased("dash-page-%02d".formatted(i), "b")
                    .replace("\"thread_num\":10", "\"thread_num\":99"));
        }
        // a field name with markup, which the bridge repeats in its reason: it must show as text
        String markup = "<img src=x onerror=window.__xss=1>";
        assertThat(post(Requests.aliased("dash-markup", "b")
                                .replace("\"thread_num\":10", "\"" + markup + "\":1,\"thread_num\":10"))
                        .statusCode())
                .isEqualTo(400);

        until(d -> "dash-markup".equals(attr("#recent-rows tr[data-request-id]", "data-request-id")));
        List<String> newest = ids("#recent-rows tr[data-request-id]");
        assertThat(newest).hasSize(10).contains("dash-page-10").doesNotContain("dash-run-api");
        assertThat(driver.findElement(By.id("recent-newer")).isEnabled()).isFalse();
        until(d -> text("#failure-list li[data-request-id='dash-markup'] [data-field='reason']")
                .contains(markup));
        assertThat(all("img[src='x']"))
                .as("markup from the API is never parsed")
                .isEmpty();
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__xss === undefined"))
                .isEqualTo(true);

        scrollTo("#recent");
        long scrolled = scrollY();
        String updated = attr("#updated", "data-updated-at");
        until(d -> !attr("#updated", "data-updated-at").equals(updated));
        assertThat(scrollY()).as("a refresh keeps the scroll position").isEqualTo(scrolled);
        shot("5-paged");

        click("#recent-older");
        until(d -> "2".equals(attr("#recent-page", "data-page"))
                && !ids("#recent-rows tr[data-request-id]").contains("dash-markup"));
        List<String> older = ids("#recent-rows tr[data-request-id]");
        assertThat(older).hasSizeBetween(1, 10).doesNotContainAnyElementsOf(newest);
        assertThat(driver.findElement(By.id("recent-newer")).isEnabled()).isTrue();
        click("#recent-newer");
        until(d -> "1".equals(attr("#recent-page", "data-page"))
                && ids("#recent-rows tr[data-request-id]").equals(newest));

        // a state's tile lists that state only
        click("#state-counts li[data-state='REJECTED'] button");
        until(d -> "REJECTED"
                        .equals(new Select(driver.findElement(By.id("recent-state")))
                                .getFirstSelectedOption()
                                .getDomAttribute("value"))
                && all("#recent-rows tr[data-request-id]").stream()
                        .allMatch(tr -> "REJECTED".equals(tr.getDomAttribute("data-state"))));
        // and a click on a row opens its detail
        click("#recent-rows tr[data-request-id='dash-page-03'] td:nth-child(3)");
        until(d -> visible("#detail") != null
                && text("#detail-title").equals("dash-page-03")
                && text("#detail [data-field='last_error']").contains("thread_num"));
        assertThat(driver.getCurrentUrl()).endsWith("#/migrations/dash-page-03");
    }

    @Test
    @Order(4)
    void aPersonStopsResumesAndRetriesFromTheDetailAndIsToldWhatTheStateDoesNotAllow() {
        // a task that runs; one that fails with its failed objects listed; one made with inline keys that fails
        assertThat(post(Requests.aliased("dash-op-run", "ops-bucket")).statusCode())
                .isEqualTo(202);
        assertThat(post(Requests.aliased("dash-op-fail", "fail-ops-bucket")
                                .replace(
                                        "\"thread_num\":10",
                                        "\"thread_num\":10,\"enable_failed_object_recording\":true"))
                        .statusCode())
                .isEqualTo(202);
        assertThat(post(Requests.inline("dash-op-inline", "inline-ops-bucket")).statusCode())
                .isEqualTo(202);
        long failTask = awaitState("dash-op-fail", LedgerState.RUNNING).taskId();
        long inlineTask = awaitState("dash-op-inline", LedgerState.RUNNING).taskId();
        sim.tasks().forceFinish(failTask, false);
        sim.tasks().forceFinish(inlineTask, false);
        awaitState("dash-op-run", LedgerState.RUNNING);

        driver.get(page + "#/migrations/dash-op-run");
        until(d -> visible("#token-dialog"));
        enterToken(TOKEN);
        until(d -> visible("#detail") != null && "RUNNING".equals(attr("#detail", "data-state")));
        // only what the state allows is enabled; the others say why
        assertThat(action("stop").isEnabled()).isTrue();
        for (String op : List.of("start", "retry", "retry-failed", "delete")) {
            assertThat(action(op).isEnabled()).as(op).isFalse();
            assertThat(action(op).getDomAttribute("title")).as(op).contains("(it is Running)");
        }
        assertThat(action("delete").getDomAttribute("title")).contains("stop a running one first");

        // stop: a double click is one operation; the bridge's answer shows, then the state and the operation follow
        ((JavascriptExecutor) driver)
                .executeScript(
                        "const b = document.querySelector(arguments[0]);"
                                + " b.scrollIntoView({block: 'center'}); b.click(); b.click();",
                        actionCss("stop"));
        until(d -> "accepted".equals(attr("#detail-op-result", "data-outcome")));
        assertThat(text("#detail-op-result")).startsWith("Stop: accepted");
        until(d -> "STOPPED".equals(attr("#detail", "data-state"))
                && "APPLIED".equals(attr("#detail-op-rows tr[data-operation='stop']", "data-op-state")));
        assertThat(all("#detail-op-rows tr[data-operation='stop']")).hasSize(1);
        assertThat(text("#detail .detail-state .badge")).isEqualTo("Stopped");
        assertThat(action("start").isEnabled()).isTrue();
        assertThat(action("delete").isEnabled()).isTrue();
        assertThat(action("stop").isEnabled()).isFalse();

        // someone else resumes it while this page, its updates paused, still shows it stopped: the delete it then
        // asks for (confirmed in the page) is refused by the bridge, which says why, and the detail is read again
        click("#refresh-toggle");
        assertThat(operate("dash-op-run", "start").statusCode()).isEqualTo(202);
        awaitState("dash-op-run", LedgerState.RUNNING);
        click(actionCss("delete"));
        until(d -> visible("#detail-confirm") != null);
        assertThat(text("#detail-confirm-text")).contains("dash-op-run");
        click("#detail-confirm-yes");
        until(d -> "refused".equals(attr("#detail-op-result", "data-outcome")));
        assertThat(text("#detail-op-result"))
                .contains("cannot delete migration dash-op-run: it is RUNNING")
                .contains("stop it first");
        until(d -> "RUNNING".equals(attr("#detail", "data-state")));
        assertThat(visible("#detail-confirm")).isNull();
        click("#refresh-toggle");

        // stopped again and resumed from the page
        click(actionCss("stop"));
        until(d -> "STOPPED".equals(attr("#detail", "data-state"))
                && action("start").isEnabled());
        click(actionCss("start"));
        until(d -> "accepted".equals(attr("#detail-op-result", "data-outcome")));
        assertThat(text("#detail-op-result")).startsWith("Resume: accepted");
        until(d -> List.of("SUBMITTED", "RUNNING").contains(attr("#detail", "data-state"))
                && all("#detail-event-rows tr[data-event-type='oms.task.resumed']")
                                .size()
                        == 2);
        assertThat(all("#detail-op-rows tr[data-operation]"))
                .extracting(e -> e.getDomAttribute("data-operation"))
                .containsExactly("stop", "start", "stop", "start");

        // a failed task: where OMS listed its failed objects, and a retry of those only, which is run 2
        click("#detail-close");
        until(d -> !driver.findElement(By.id("detail")).isDisplayed());
        String failed = "#failure-list li[data-request-id='dash-op-fail']";
        until(d -> visible(failed) != null);
        click(failed + " [data-open]");
        until(d -> "dash-op-fail".equals(text("#detail-title"))
                && "FAILED".equals(attr("#detail", "data-state"))
                && visible("#detail [data-group='Failed objects']") != null);
        assertThat(text("#detail [data-field='failed_key']"))
                .isEqualTo("oms/failed_object_lists/" + failTask + "/failed-objects-list.txt");
        assertThat(text("#detail [data-field='failed_bucket']")).startsWith("destination-bucket");
        assertThat(text("#detail [data-field='failed_count']")).matches("[\\d,]+ objects?");
        assertThat(text("#detail [data-field='failed_retry']")).startsWith("supported");
        assertThat(text("#detail .detail-state [data-field='run_badge']")).isEqualTo("run 1");
        for (String op : List.of("retry", "retry-failed", "delete")) {
            assertThat(action(op).isEnabled()).as(op).isTrue();
        }
        assertThat(action("stop").isEnabled()).isFalse();
        click(actionCss("retry-failed"));
        until(d -> "accepted".equals(attr("#detail-op-result", "data-outcome")));
        assertThat(text("#detail-op-result")).startsWith("Retry failed objects only: accepted");
        until(d -> "run 2".equals(text("#detail .detail-state [data-field='run_badge']"))
                && !all("#detail-event-rows tr[data-event-type='oms.task.retried']")
                        .isEmpty()
                && "APPLIED".equals(attr("#detail-op-rows tr[data-operation='retry']", "data-op-state")));
        assertThat(text("#detail-op-rows tr[data-operation='retry'] [data-col='operation']"))
                .isEqualTo("retry · failed objects only");
        assertThat(text("#detail-op-result .op-followup")).isEqualTo("Applied: OMS carried it out.");
        // the same objects fail again (the simulator's rule for its bucket): the second run's list shows
        until(d -> "FAILED".equals(attr("#detail", "data-state"))
                && visible("#detail [data-group='Failed objects']") != null);
        assertThat(text("#detail .detail-state [data-field='run_badge']")).isEqualTo("run 2");
        scrollTo("#detail-title");
        shot("7-operations");

        // made with inline keys: a retry asks for them in the page, and the same operation goes again with them
        click("#detail-close");
        until(d -> !driver.findElement(By.id("detail")).isDisplayed());
        String inline = "#failure-list li[data-request-id='dash-op-inline']";
        until(d -> visible(inline) != null);
        click(inline + " [data-open]");
        until(d -> "dash-op-inline".equals(text("#detail-title"))
                && "FAILED".equals(attr("#detail", "data-state"))
                && visible("#detail [data-group='Failed objects']") != null);
        assertThat(text("#detail [data-field='failed_count']")).matches("[\\d,]+ objects?");
        assertThat(text("#detail [data-field='failed_bucket']")).contains("OMS kept no list of them");
        assertThat(text("#detail [data-field='failed_retry']")).startsWith("not supported");
        assertThat(action("retry-failed").isEnabled())
                .as("no list of failed objects to retry")
                .isFalse();
        // the bridge's own reason, from the API's view of the migration: what a POST of it would be answered
        assertThat(action("retry-failed").getDomAttribute("title"))
                .startsWith("cannot retry failed objects only of"
                        + " migration dash-op-inline: OMS kept no list of its failed objects")
                .contains("recording was off");
        click(actionCss("retry"));
        until(d -> visible("#detail-keys") != null);
        assertThat(attr("#detail-op-result", "data-outcome")).isEqualTo("keys");
        assertThat(text("#detail-op-result")).contains("was created with inline keys");
        assertThat(visible("#detail-keys fieldset[data-side='src_node']")).isNotNull();
        assertThat(visible("#detail-keys fieldset[data-side='dst_node']")).isNotNull();
        shot("8-keys");
        assertThat(attr("#keys-src_node-sk", "type")).isEqualTo("password");
        driver.findElement(By.id("keys-src_node-ak")).sendKeys(Requests.SRC_AK);
        driver.findElement(By.id("keys-src_node-sk")).sendKeys(Requests.SRC_SK);
        driver.findElement(By.id("keys-dst_node-credential")).sendKeys("dst");
        click("#detail-keys-send");
        until(d -> "accepted".equals(attr("#detail-op-result", "data-outcome")));
        assertThat(visible("#detail-keys")).isNull();
        assertThat(all("#detail-keys input"))
                .allMatch(i -> i.getDomProperty("value").isEmpty());
        assertThat(((JavascriptExecutor) driver)
                        .executeScript("return JSON.stringify(sessionStorage)"
                                + " + JSON.stringify(localStorage) + document.documentElement.outerHTML"))
                .asString()
                .as("keys are not kept by the page")
                .doesNotContain(Requests.SRC_SK);
        until(d -> "run 2".equals(text("#detail .detail-state [data-field='run_badge']")));
        assertThat(all("#detail-op-rows tr[data-operation='retry']"))
                .as("one operation, sent twice")
                .hasSize(1);
        assertThat(driver.findElement(By.id("banner")).isDisplayed())
                .as("no API error shown")
                .isFalse();
    }

    @Test
    @Order(5)
    void theLastHourChartShowsTheTasksThisRunMadeAndEndedMinuteByMinute() throws IOException {
        // every task the tests above made (the rejected requests made none), ended
        List<String> made = List.of(
                "dash-run-api", "dash-run-file", "dash-fail-file", "dash-op-run", "dash-op-fail", "dash-op-inline");
        for (String id : made) {
            await().atMost(PATIENCE)
                    .alias(id + " ended")
                    .until(() -> bridge.record(id), r -> r != null && r.state().terminal());
        }
        driver.get(page);
        until(d -> visible("#token-dialog"));
        enterToken(TOKEN);
        until(d -> "6".equals(attr("#activity-summary", "data-created"))
                && "6".equals(attr("#activity-summary", "data-finished")));

        // each minute of the chart holds what the ledger says of these tasks in that minute, and nothing else
        Map<Instant, long[]> expected = new HashMap<>();
        for (String id : made) {
            LedgerRecord r = bridge.record(id);
            expected.computeIfAbsent(minuteOf(r.submittedAt()), m -> new long[5])[0]++;
            long[] ended = expected.computeIfAbsent(minuteOf(r.completedAt()), m -> new long[5]);
            ended[1]++;
            ended[2] += r.state() == LedgerState.SUCCEEDED ? 1 : 0;
            ended[3] += r.state() == LedgerState.FAILED ? 1 : 0;
            ended[4] += BridgeRun.JSON
                    .readTree(r.taskDetail())
                    .path("complete_size")
                    .asLong();
        }
        // read in one go: the chart is drawn again when a new minute begins
        @SuppressWarnings("unchecked")
        List<List<Object>> minutes = (List<List<Object>>) js("return Array.from(document.querySelectorAll("
                + "'#activity-chart g.minute'), g => [g.dataset.start, g.dataset.created, g.dataset.finished,"
                + " g.dataset.succeeded, g.dataset.failed, g.dataset.bytes])");
        assertThat(minutes).hasSize(60);
        Map<Instant, long[]> drawn = new HashMap<>();
        for (List<Object> minute : minutes) {
            long[] n = minute.subList(1, 6).stream()
                    .mapToLong(v -> Long.parseLong((String) v))
                    .toArray();
            if (Arrays.stream(n).anyMatch(v -> v != 0)) {
                drawn.put(Instant.parse((String) minute.get(0)), n);
            }
        }
        assertThat(drawn.keySet()).isEqualTo(expected.keySet());
        expected.forEach((minute, n) ->
                assertThat(drawn.get(minute)).as("minute %s", minute).containsExactly(n));
        // a bar per minute with tasks created in it, none elsewhere
        assertThat(all("#activity-chart g.minute rect.created"))
                .hasSize((int) expected.values().stream().filter(n -> n[0] > 0).count());
        long failed = made.stream()
                .filter(id -> bridge.record(id).state() == LedgerState.FAILED)
                .count();
        assertThat(text("#activity-summary"))
                .startsWith("6 created · 6 ended (" + (6 - failed) + " succeeded, " + failed + " failed)");
        shot("10-chart", driver.findElement(By.id("activity")));

        // at 1400x1000, Health and the first rows of Recent requests are in sight without scrolling
        scrollTop();
        long fold = ((Number) js("return window.innerHeight")).longValue();
        for (String panel : List.of("#health", "#activity", "#recent", "#recent-rows tr:first-child")) {
            assertThat(top(panel))
                    .as("%s's top, the window %d px high", panel, fold)
                    .isLessThan(fold)
                    .isLessThan(1000);
        }
        // the failures are capped so that they do not push the table down; "Show more" lists the others
        assertThat(all("#failure-list li[data-request-id]")).hasSize(5);
        assertThat(text("#failures-more")).matches("Show more \\(\\d+\\)");
        shot("11-above-the-fold");
        click("#failures-more");
        until(d -> all("#failure-list li[data-request-id]").size() > 5);
        assertThat(all("#failure-list li[data-request-id]"))
                .extracting(e -> e.getDomAttribute("data-request-id"))
                .contains("dash-rejected", "dash-page-00", "dash-markup");
        assertThat(text("#failures-more")).isEqualTo("Show fewer");
        assertThat(attr("#failures-more", "aria-expanded")).isEqualTo("true");
        scrollTo("#failures");
        shot("12-failures-more");
        click("#failures-more");
        until(d -> all("#failure-list li[data-request-id]").size() == 5);
        assertThat(driver.findElement(By.id("banner")).isDisplayed())
                .as("no API error shown")
                .isFalse();
    }

    @Test
    @Order(6)
    void anUnknownRequestSaysSoAndABridgeGoneAwayShowsABannerThatCanBeDismissed() {
        driver.get(page + "#/migrations/never-sent");
        until(d -> visible("#token-dialog"));
        enterToken(TOKEN);
        until(d -> visible("#detail-message") != null && text("#detail-message").contains("no request never-sent"));
        assertThat(driver.findElement(By.id("banner")).isDisplayed())
                .as("a 404 is the panel's, not an error")
                .isFalse();

        // the last test: the bridge stops under the open page
        bridge.close();
        bridge = null;
        until(d -> visible("#banner") != null && text("#banner-text").contains("cannot be reached"));
        assertThat(driver.findElement(By.id("updated")).getDomAttribute("class"))
                .contains("stale");
        assertThat(text("#health-pill")).isEqualTo("No answer");
        shot("6-unreachable");
        click("#banner-close");
        until(d -> !driver.findElement(By.id("banner")).isDisplayed());
    }

    @Test
    @Order(7)
    void theDemoSaysSoInTheHeaderAndNamesTheBuiltInSimulator() throws IOException {
        // the demo profile as `--profile demo` loads it (its own broker: the bridge above has stopped)
        Properties demo = new Properties();
        try (var in = Files.newBufferedReader(Path.of("config", "application-demo.properties"))) {
            demo.load(in);
        }
        Map<String, String> settings = new HashMap<>();
        demo.forEach((k, v) -> settings.put((String) k, (String) v));
        settings.put("bridge.data-dir", BridgeRun.newDataDir("dashboard-demo").toString());
        settings.put("broker.port", "0");
        settings.put("camel.server.port", String.valueOf(BridgeRun.freePort()));
        settings.put("camel.management.port", String.valueOf(BridgeRun.freePort()));
        try (BridgeRun demoBridge = BridgeRun.start(settings)) {
            demoBridge.drop("seed-request.json", Files.readString(Path.of("examples", "seed-request.json")));
            driver.get("http://127.0.0.1:" + settings.get("camel.server.port") + "/");
            until(d -> visible("#demo"));
            assertThat(text("#demo")).isEqualTo("DEMO — tasks go to the built-in simulator, nothing is migrated.");
            assertThat(visible("#demo-pill")).isNotNull();
            assertThat(attr("#target", "data-simulator")).isEqualTo("true");
            assertThat(text("#target [data-field='endpoint']"))
                    .startsWith("http://127.0.0.1:")
                    .isEqualTo(demoBridge
                            .context()
                            .getComponent("hwcloud-oms", OmsComponent.class)
                            .getConfiguration()
                            .getEndpoint());
            assertThat(text("#target [data-field='simulator']")).isEqualTo("(built-in simulator)");
            assertThat(text("#target [data-field='auth']")).isEqualTo("AK/SK signing");
            assertThat(text("#target [data-field='project']")).isEqualTo(demo.getProperty("oms.project-id"));
            assertThat(driver.getTitle()).startsWith("DEMO");
            // the seed request ran: the chart shows it
            until(d -> "1".equals(attr("#activity-summary", "data-finished")));
            assertThat(attr("#activity-summary", "data-created")).isEqualTo("1");
            long fold = ((Number) js("return window.innerHeight")).longValue();
            assertThat(top("#recent-rows tr:first-child"))
                    .as("the first request, under the DEMO strip")
                    .isLessThan(fold);
            shot("9-header-demo");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static String actionCss(String action) {
        return "#detail-actions [data-action='" + action + "']";
    }

    /** An operation button of the open detail. */
    private WebElement action(String action) {
        return driver.findElement(By.cssSelector(actionCss(action)));
    }

    private static LedgerRecord awaitState(String requestId, LedgerState state) {
        return await().atMost(PATIENCE)
                .alias(requestId + " " + state)
                .until(() -> bridge.record(requestId), r -> r != null && r.state() == state);
    }

    private <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    /** Clicks what a person would: the element scrolled to the middle first, clear of the sticky header. */
    private void click(String css) {
        WebElement e = driver.findElement(By.cssSelector(css));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    private void enterToken(String token) {
        WebElement input = driver.findElement(By.id("token-input"));
        input.clear();
        input.sendKeys(token);
        click("#token-submit");
    }

    /** The element if it is shown, else null (a wait goes on). */
    private WebElement visible(String css) {
        WebElement e = driver.findElement(By.cssSelector(css));
        return e.isDisplayed() ? e : null;
    }

    private List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    private String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private String attr(String css, String name) {
        String value = driver.findElement(By.cssSelector(css)).getDomAttribute(name);
        return value == null ? "" : value;
    }

    private List<String> ids(String css) {
        return all(css).stream().map(e -> e.getDomAttribute("data-request-id")).toList();
    }

    /** The count a state's tile shows. */
    private long count(String state) {
        String n = attr("#state-counts li[data-state='" + state + "'] .count", "data-count");
        return n.isEmpty() ? -1 : Long.parseLong(n);
    }

    private double progress(String barCss) {
        String p = attr(barCss, "data-progress");
        return p.isEmpty() ? 0 : Double.parseDouble(p);
    }

    private Object session() {
        return ((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('oms-bridge.api-token')");
    }

    private void scrollTo(String css) {
        ((JavascriptExecutor) driver).executeScript("document.querySelector(arguments[0]).scrollIntoView()", css);
    }

    private long scrollY() {
        return ((Number) ((JavascriptExecutor) driver).executeScript("return Math.round(window.scrollY)")).longValue();
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private void scrollTop() {
        js("window.scrollTo(0, 0)");
    }

    /** Where an element's top is in the window, in CSS pixels. */
    private long top(String css) {
        return Math.round(((Number) ((JavascriptExecutor) driver)
                        .executeScript("return document.querySelector(arguments[0]).getBoundingClientRect().top", css))
                .doubleValue());
    }

    private static Instant minuteOf(Long millis) {
        return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.MINUTES);
    }

    /** A screenshot of one element only. */
    private void shot(String name, WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        try {
            Files.write(SHOTS.resolve(name + ".png"), element.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void shot(String name) {
        try {
            Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpResponse<String> post(String body) {
        return send(HttpRequest.newBuilder(URI.create(page + "api/migrations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** An operation through the API, as another operator's client would send it (its route takes JSON only). */
    private static HttpResponse<String> operate(String requestId, String operation) {
        return send(HttpRequest.newBuilder(URI.create(page + "api/migrations/" + requestId + "/" + operation))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    private static HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.header("Authorization", "Bearer " + TOKEN)
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
