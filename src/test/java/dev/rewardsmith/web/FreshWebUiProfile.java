package dev.rewardsmith.web;

/**
 * The web UI on a server of its own: a profile of its own makes Quarkus start anew for the tests that use it, and
 * the test database is cleaned at every start, so they begin with no searches (the other page tests make some).
 */
public class FreshWebUiProfile extends WebUiProfile {}
