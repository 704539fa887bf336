package org.opentwinj.services.auth.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;

class PasswordHasherTest {
    @Test
    void hashesAreSaltedArgon2idWithTheirParameters() {
        PasswordHasher hasher = new PasswordHasher(64, 1);
        String first = hasher.hash("correct horse");
        String second = hasher.hash("correct horse");
        assertThat(first).startsWith("$argon2id$v=19$m=64,t=1,p=1$").isNotEqualTo(second);
        assertThat(hasher.verify("correct horse", first)).isTrue();
        assertThat(hasher.verify("correct horsE", first)).isFalse();
        assertThat(hasher.verify("correct horse", "md5:abc")).isFalse();
    }

    @Test
    void aHashVerifiesAfterTheCostWasRaised() {
        String old = new PasswordHasher(64, 1).hash("correct horse");
        assertThat(new PasswordHasher(128, 2).verify("correct horse", old)).isTrue();
    }

    @Test
    void matchesTheReferenceImplementation() {
        // From the Argon2 reference CLI (Debian argon2): echo -n password | argon2 somesalt -id -m 6 -t 2 -p 1 -l 32
        String reference = "$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ$FqGkmHNGCd0BRW2kBt6fPZ2pPmyGwwChL8FGUhTOSSI";
        assertThat(new PasswordHasher(64, 1).verify("password", reference)).isTrue();
    }

    @Test
    void shortPasswordsBreakThePolicy() {
        assertThatThrownBy(() -> PasswordHasher.checkPolicy("password", "1234567"))
                .isInstanceOf(PublicException.class)
                .hasMessageContaining("at least 8");
        PasswordHasher.checkPolicy("password", "12345678");
    }
}
