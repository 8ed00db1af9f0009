package dev.rewardsmith.store;

import java.time.OffsetDateTime;

/**
 * A row of {@code users}: a team member who signs in. The password is a bcrypt hash only; the role is its label
 * (admin, operator, voter, viewer), read into a role by the layers above.
 */
public record UserRecord(
        long id, String name, String passwordHash, String role, boolean disabled, OffsetDateTime createdAt) {

    /** Without the password hash. */
    @Override
    public String toString() {
        return "UserRecord[id=" + id + ", name=" + name + ", role=" + role + ", disabled=" + disabled + "]";
    }
}
