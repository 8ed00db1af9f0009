package dev.rewardsmith.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeedbackTest {

    static List<Outcome> repeat(String winner, String loser, int times) {
        List<Outcome> out = new ArrayList<>();
        for (int i = 0; i < times; i++) out.add(new Outcome(winner, loser, false));
        return out;
    }

    @Test
    void twoCandidatesByHand() {
        // A beats B 3 times of 4: the MLE has s_A / s_B = 3; with geometric mean 1, s_A = sqrt 3, s_B = 1 / sqrt 3
        List<Outcome> votes = new ArrayList<>(repeat("A", "B", 3));
        votes.addAll(repeat("B", "A", 1));
        Map<String, BradleyTerry.Strength> s = BradleyTerry.byCandidate(BradleyTerry.fit(List.of("A", "B"), votes, 0));
        assertEquals(Math.sqrt(3), s.get("A").strength(), 1e-9);
        assertEquals(1 / Math.sqrt(3), s.get("B").strength(), 1e-9);
        assertEquals(3, s.get("A").wins());
        assertEquals(1, s.get("A").losses());
        // the interval: information of log s_A = 4 * p (1 - p) with p = 3/4: 0.75; half-width 1.96 / sqrt 0.75
        double half = 1.96 / Math.sqrt(0.75);
        assertEquals(Math.sqrt(3) * Math.exp(-half), s.get("A").low(), 1e-9);
        assertEquals(Math.sqrt(3) * Math.exp(half), s.get("A").high(), 1e-9);
    }

    @Test
    void aTieIsHalfAWinForEachSide() {
        // A beats B once and they tie twice: A scores 2 of 3, so s_A / s_B = 2
        List<Outcome> votes = new ArrayList<>(repeat("A", "B", 1));
        votes.add(new Outcome("A", "B", true));
        votes.add(new Outcome("B", "A", true));
        Map<String, BradleyTerry.Strength> s = BradleyTerry.byCandidate(BradleyTerry.fit(List.of("A", "B"), votes, 0));
        assertEquals(2.0, s.get("A").strength() / s.get("B").strength(), 1e-9);
        assertEquals(2, s.get("B").ties());
    }

    @Test
    void threeCandidatesSatisfyTheLikelihoodEquations() {
        // A>B 2-1, B>C 2-1, A>C 3-1: at the MLE each candidate's score equals its expected score
        List<Outcome> votes = new ArrayList<>();
        votes.addAll(repeat("A", "B", 2));
        votes.addAll(repeat("B", "A", 1));
        votes.addAll(repeat("B", "C", 2));
        votes.addAll(repeat("C", "B", 1));
        votes.addAll(repeat("A", "C", 3));
        votes.addAll(repeat("C", "A", 1));
        Map<String, BradleyTerry.Strength> s =
                BradleyTerry.byCandidate(BradleyTerry.fit(List.of("A", "B", "C"), votes, 0));
        double a = s.get("A").strength();
        double b = s.get("B").strength();
        double c = s.get("C").strength();
        assertEquals(5, 3 * a / (a + b) + 4 * a / (a + c), 1e-9);
        assertEquals(3, 3 * b / (a + b) + 3 * b / (b + c), 1e-9);
        assertEquals(2, 4 * c / (a + c) + 3 * c / (b + c), 1e-9);
        assertEquals(1, a * b * c, 1e-9);
        assertTrue(a > b && b > c);
    }

    @Test
    void thePriorKeepsAnUndefeatedCandidateFinite() {
        var s = BradleyTerry.byCandidate(BradleyTerry.fit(List.of("A", "B", "C"), repeat("A", "B", 5), 1));
        assertTrue(Double.isFinite(s.get("A").strength())
                && s.get("A").strength() > s.get("B").strength());
        // C has no votes: only the prior's tie with an average opponent
        assertEquals(0, s.get("C").wins() + s.get("C").losses() + s.get("C").ties());
        assertThrows(IllegalArgumentException.class, () -> new Outcome("A", "A", false));
        assertThrows(IllegalArgumentException.class, () -> BradleyTerry.fit(List.of("A"), repeat("A", "Z", 1), 0));
    }

    @Test
    void liveVotesAreTheLatestPerPersonAndWithdrawalsRemoveThem() {
        Instant t = Instant.parse("2026-12-02T10:00:00Z");
        List<VoteEvent> events = List.of(
                new VoteEvent("c1", "ann", Choice.LEFT, null, t),
                new VoteEvent("c1", "ann", Choice.RIGHT, "changed my mind", t.plusSeconds(5)),
                new VoteEvent("c1", "bob", Choice.TIE, null, t.plusSeconds(1)),
                new VoteEvent("c1", "bob", null, null, t.plusSeconds(9)),
                new VoteEvent("c2", "ann", Choice.LEFT, null, t.plusSeconds(2)));
        List<VoteEvent> live = LiveVotes.of(events);
        assertEquals(2, live.size());
        assertEquals(Choice.LEFT, live.get(0).choice());
        assertEquals("c2", live.get(0).comparison());
        assertEquals(Choice.RIGHT, live.get(1).choice());
        // twenty identical votes are one live vote
        List<VoteEvent> same = new ArrayList<>();
        for (int i = 0; i < 20; i++) same.add(new VoteEvent("c3", "cy", Choice.LEFT, null, t.plusMillis(i)));
        assertEquals(1, LiveVotes.of(same).size());
        assertThrows(IllegalArgumentException.class, () -> new VoteEvent("c", "v", Choice.TIE, "x".repeat(2001), t));
        assertEquals(Choice.TIE, Choice.parse("tie").orElseThrow());
        assertEquals(new Outcome("a", "b", false), Outcome.of(Choice.LEFT, "a", "b"));
        assertEquals(new Outcome("b", "a", false), Outcome.of(Choice.RIGHT, "a", "b"));
        assertEquals(new Outcome("a", "b", true), Outcome.of(Choice.TIE, "a", "b"));
        assertTrue(Choice.parse("middle").isEmpty());
    }

    @Test
    void aBlankCommentIsNoCommentAndEventsAtTheSameTimeCountInTheOrderGiven() {
        Instant t = Instant.parse("2026-12-02T10:00:00Z");
        assertNull(new VoteEvent("c", "1", Choice.LEFT, "", t).comment());
        assertNull(new VoteEvent("c", "1", Choice.LEFT, " \n\t ", t).comment());
        assertEquals("steady", new VoteEvent("c", "1", Choice.LEFT, "  steady\n", t).comment());
        assertEquals("x".repeat(2000), new VoteEvent("c", "1", Choice.TIE, " " + "x".repeat(2000) + " ", t).comment());
        assertNull(VoteEvent.comment(null));
        // the latest at wins whatever the order given; at equal times the later given wins (the store's id order)
        List<VoteEvent> events = List.of(
                new VoteEvent("c", "1", Choice.RIGHT, null, t.plusSeconds(1)),
                new VoteEvent("c", "1", Choice.LEFT, null, t),
                new VoteEvent("c", "2", Choice.LEFT, null, t),
                new VoteEvent("c", "2", null, null, t),
                new VoteEvent("c", "3", null, null, t),
                new VoteEvent("c", "3", Choice.TIE, null, t));
        assertEquals(new Tally(0, 1, 1), Tally.of(LiveVotes.of(events)));
    }

    @Test
    void aTallyCountsLiveVotesByChoice() {
        Instant t = Instant.parse("2026-12-02T10:00:00Z");
        List<VoteEvent> events = List.of(
                new VoteEvent("c1", "ann", Choice.LEFT, null, t),
                new VoteEvent("c1", "bob", Choice.TIE, null, t.plusSeconds(1)),
                new VoteEvent("c1", "cy", Choice.LEFT, null, t.plusSeconds(2)),
                new VoteEvent("c1", "ann", Choice.RIGHT, null, t.plusSeconds(3)),
                new VoteEvent("c1", "cy", null, null, t.plusSeconds(4)));
        assertEquals(new Tally(0, 1, 1), Tally.of(LiveVotes.of(events)));
        assertEquals(2, Tally.of(LiveVotes.of(events)).total());
        assertEquals(Tally.NONE, Tally.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Tally.of(events));
    }

    @Test
    void plannerPairsEveryCandidateOnSharedSeedsAndCloseOnesMore() {
        List<ComparisonPlanner.Entry> entries = List.of(
                new ComparisonPlanner.Entry("a", 0.90),
                new ComparisonPlanner.Entry("b", 0.88),
                new ComparisonPlanner.Entry("c", 0.50),
                new ComparisonPlanner.Entry("d", 0.10));
        List<Long> seeds = List.of(11L, 12L, 13L);
        List<ComparisonPlanner.Pair> plan = ComparisonPlanner.plan(entries, seeds, 7);
        for (var e : entries) {
            Set<String> partners = new HashSet<>();
            for (var p : plan) {
                if (p.left().equals(e.candidate())) partners.add(p.right());
                if (p.right().equals(e.candidate())) partners.add(p.left());
            }
            assertTrue(partners.size() >= ComparisonPlanner.MIN_PER_CANDIDATE, e + " " + partners);
        }
        // a and b are close (0.02 apart): compared on all three seeds; others on one
        long ab = plan.stream()
                .filter(p -> Set.of(p.left(), p.right()).equals(Set.of("a", "b")))
                .count();
        assertEquals(3, ab);
        long cd = plan.stream()
                .filter(p -> Set.of(p.left(), p.right()).equals(Set.of("c", "d")))
                .count();
        assertEquals(1, cd);
        assertTrue(plan.stream().allMatch(p -> seeds.contains(p.seed())));
        assertEquals(plan, ComparisonPlanner.plan(entries, seeds, 7), "deterministic by seed");
        assertNotEquals(plan, ComparisonPlanner.plan(entries, seeds, 8), "sides shuffled by seed");
    }

    @Test
    void summaryParagraphAsTheReflectionQuotesIt() {
        var strength = new BradleyTerry.Strength("a", 2, 1, 4, 7, 1, 1);
        assertEquals(
                "Team members preferred this candidate's rollouts in 7 of 9 comparisons (1 tie); comments: \"runs like a"
                        + " duck\"; \"smooth\".\nTeam notes on this candidate:\n- the cart oscillates; penalize velocity",
                PreferenceSummary.paragraph(
                        strength,
                        List.of("runs like a duck", " ", "smooth"),
                        List.of("the cart oscillates; penalize velocity")));
        assertEquals("", PreferenceSummary.paragraph(null, List.of(), List.of()));
    }
}
