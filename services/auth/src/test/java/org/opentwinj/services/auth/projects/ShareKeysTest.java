package org.opentwinj.services.auth.projects;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opentwinj.platform.names.NameRule;

class ShareKeysTest {
    @Test
    void aGroupNamesDotsAreStoredAsACharacterNoGroupNameHolds() {
        assertThat(ProjectStore.shareField("rf.team@lab"))
                .isEqualTo("shares.rf" + ProjectStore.DOT_IN_KEY + "team@lab");
        assertThat(NameRule.GROUP.problem("rf" + ProjectStore.DOT_IN_KEY + "team"))
                .as("the key reads back only if no group name holds the character")
                .contains("is not allowed");
    }
}
