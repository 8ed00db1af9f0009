package dev.rewardsmith.security;

import io.quarkus.elytron.security.common.BcryptUtil;

/** bcrypt hashing of user passwords. Both methods are CPU-heavy by design: never call them on the event loop. */
public final class Passwords {

    /** bcrypt cost: about 50 ms per hash on this class of machine. */
    private static final int COST = 10;

    /** A hash of a password nobody knows, verified against when the user does not exist (equal timing). */
    private static final String DUMMY_HASH = BcryptUtil.bcryptHash(Secrets.random(16), COST);

    public static final int MIN_LENGTH = 10;
    public static final int MAX_LENGTH = 72;

    private Passwords() {}

    public static String hash(String password) {
        return BcryptUtil.bcryptHash(password, COST);
    }

    public static boolean matches(String password, String hash) {
        if (password == null) return false;
        return BcryptUtil.matches(password, hash == null ? DUMMY_HASH : hash);
    }
}
