package io.omsbridge.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omsbridge.model.AliasPolicy;
import io.omsbridge.model.Problem;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

// Proves that a request's "passes" is checked when it comes, each problem naming its field and the rule, and that a
// plan's next pass follows its duration or its cron.
class PassesRequestTest {

    private final RequestReader v1 = SeedRequests.reader();
    private final RequestReader v2 = new RequestReader(
            alias -> alias.equals("known") ? Optional.of(AliasPolicy.ANYWHERE) : Optional.empty(),
            false,
            SeedRequests.PROJECT_ID,
            true);

    @Test
    void aRequestInPassesWithAliasesIsAcceptedAndKeepsItsPlanInTheStoredBody() {
        RequestReader.Result result = v1.read(
                SeedRequests.json(aliased()
                        .set(
                                "passes",
                                SeedRequests.mapper()
                                        .createObjectNode()
                                        .put("every", "PT6H")
                                        .put("until", "2027-01-31T18:00:00Z")
                                        .put("quiet_after", 2))),
                "live");

        assertThat(result.problems()).isEmpty();
        assertThat(PassPlan.of(result.request().body().get("passes")))
                .isEqualTo(new PassPlan(
                        "PT6H", Instant.parse("2027-01-31T18:00:00Z").toEpochMilli(), 2));
    }

    @Test
    void inlineKeysAreRefusedForAMigrationInPassesNamingEachKeyAndTheAliasToUse() {
        ObjectNode body = SeedRequests.seed();
        body.putObject("passes").put("every", "PT6H");

        assertThat(v1.read(SeedRequests.json(body), "live").problems())
                .extracting(Problem::field)
                .contains("src_node.ak", "src_node.sk", "dst_node.ak", "dst_node.sk")
                .allSatisfy(field -> assertThat(field).isNotNull());
        assertThat(v1.read(SeedRequests.json(body), "live").problems())
                .filteredOn(p -> "src_node.ak".equals(p.field()))
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("src_node.credential")
                .doesNotContain(SeedRequests.SOURCE_SK);
    }

    @Test
    void aBadEveryUntilOrQuietAfterIsNamedWithItsRule() {
        ObjectNode body = aliased();
        body.putObject("passes")
                .put("every", "every six hours")
                .put("until", "tomorrow")
                .put("quiet_after", 0)
                .put("often", true);

        RequestReader.Result result = v1.read(SeedRequests.json(body), "live");

        assertThat(result.problems())
                .extracting(Problem::field)
                .containsExactlyInAnyOrder("passes.every", "passes.until", "passes.quiet_after", "passes.often");
        assertThat(result.problems())
                .filteredOn(p -> "passes.every".equals(p.field()))
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("ISO-8601 duration")
                .contains("cron");
    }

    @Test
    void anEveryShorterThanASecondOrAMissingOneIsRefused() {
        ObjectNode body = aliased();
        body.putObject("passes").put("every", "PT0.5S");
        assertThat(v1.read(SeedRequests.json(body), "live").problems())
                .extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("at least PT1S"));
        body.putObject("passes");
        assertThat(v1.read(SeedRequests.json(body), "live").problems())
                .extracting(Problem::field)
                .containsExactly("passes.every");
    }

    @Test
    void anOverwriteModeIsTakenOnApiV2AndRefusedOnV1() {
        ObjectNode body = aliased().put("object_overwrite_mode", "NO_OVERWRITE");
        body.put("enableKMS", false);

        assertThat(v2.read(SeedRequests.json(body), "live").problems()).isEmpty();
        assertThat(v1.read(SeedRequests.json(body), "live").problems())
                .extracting(Problem::field)
                .containsExactly("object_overwrite_mode");
    }

    @Test
    void theNextPassFollowsTheDurationOrTheCronInUtc() {
        long created = Instant.parse("2026-12-07T10:15:00Z").toEpochMilli();
        assertThat(new PassPlan("PT6H", null, null).nextAfter(created))
                .isEqualTo(Instant.parse("2026-12-07T16:15:00Z").toEpochMilli());
        assertThat(new PassPlan("0 0 2 * * ?", null, null).nextAfter(created))
                .isEqualTo(Instant.parse("2026-12-08T02:00:00Z").toEpochMilli());
    }

    /** The seed's request with its keys given by the alias "known". */
    private static ObjectNode aliased() {
        ObjectNode body = SeedRequests.seed();
        for (String side : new String[] {"src_node", "dst_node"}) {
            ObjectNode node = (ObjectNode) body.get(side);
            node.remove("ak");
            node.remove("sk");
            node.put("credential", "known");
        }
        return body;
    }
}
