package org.opentwinj.platform.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SessionStateTest {
    @Test
    void everyStateIsEitherActiveOrEnded() {
        for (SessionState state : SessionState.values()) {
            assertThat(state.isActive()).as(state.name()).isNotEqualTo(state.isEnded());
        }
        assertThat(SessionState.ended()).containsExactly(SessionState.CLOSED, SessionState.FAILED, SessionState.LOST);
    }

    @Test
    void aRecoveringSessionServesAndHoldsItsProject() {
        assertThat(SessionState.RECOVERING.isServing()).isTrue();
        assertThat(SessionState.RECOVERING.isActive()).isTrue();
        assertThat(SessionState.serving()).containsExactly(SessionState.RUNNING, SessionState.RECOVERING);
    }

    @Test
    void onlyServingStatesServeAndAllOfThemAreActive() {
        assertThat(Arrays.stream(SessionState.values()).filter(SessionState::isServing))
                .containsExactlyElementsOf(SessionState.serving())
                .allMatch(SessionState::isActive);
        assertThat(SessionState.CLOSING.isServing()).isFalse();
        assertThat(SessionState.STARTING.isServing()).isFalse();
    }
}
