package org.opentwinj.services.lss.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.error.PublicException;

class SessionTypesTest {
    @Test
    void typesNameTheirServices() {
        SessionTypes types = SessionTypes.parse("default=echo; em3d=model,modeling,mesh:cartesian-mesh,fittd ;");
        assertThat(types.names()).containsExactly("default", "em3d");
        assertThat(types.require("em3d"))
                .containsExactly(
                        new ServiceSlot("model", "model"),
                        new ServiceSlot("modeling", "modeling"),
                        new ServiceSlot("mesh", "cartesian-mesh"),
                        new ServiceSlot("fittd", "fittd"));
        assertThat(types.require("default")).isEqualTo(List.of(new ServiceSlot("echo", "echo")));
    }

    @Test
    void servicesStartAtOpenOrOnDemandWithAnOptionalIdleTime() {
        SessionTypes types =
                SessionTypes.parse("c=model@open,echo?,mesh:cartesian-mesh@demand,fit:fittd?90s,k:kriging?500ms");
        assertThat(types.require("c"))
                .containsExactly(
                        new ServiceSlot("model", "model"),
                        ServiceSlot.onDemand("echo", "echo"),
                        ServiceSlot.onDemand("mesh", "cartesian-mesh"),
                        new ServiceSlot("fit", "fittd", true, Duration.ofSeconds(90)),
                        new ServiceSlot("k", "kriging", true, Duration.ofMillis(500)));
        assertThat(SessionTypes.parse("c=x?10m,y?2h").require("c"))
                .extracting(slot -> slot.idleStop(Duration.ZERO))
                .containsExactly(Duration.ofMinutes(10), Duration.ofHours(2));
        assertThat(ServiceSlot.onDemand("echo", "echo").idleStop(Duration.ofMinutes(3)))
                .isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void theBuiltInTypesAreValidAndTheirOnDemandTypeStartsTheModelAtOpen() {
        SessionTypes types = BuiltInSessionTypes.types();
        assertThat(types.names()).containsExactly("default", "echo3", "model", "on-demand");
        assertThat(types.require("on-demand"))
                .containsExactly(new ServiceSlot("model", "model"), ServiceSlot.onDemand("echo", "echo"));
        assertThat(types.require("default")).noneMatch(ServiceSlot::onDemand);
    }

    @Test
    void anUnknownTypeIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> SessionTypes.parse("b=echo;a=echo").require("c"))
                .isInstanceOfSatisfying(PublicException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("unknown session type 'c'; this LSS knows a, b");
                });
    }

    @Test
    void mistakesAreExplained() {
        assertThatThrownBy(() -> SessionTypes.parse("")).hasMessage("no session type defined");
        assertThatThrownBy(() -> SessionTypes.parse("echo")).hasMessage("'echo' is not type=service,...");
        assertThatThrownBy(() -> SessionTypes.parse("a=echo,echo")).hasMessage("type 'a' names service 'echo' twice");
        assertThatThrownBy(() -> SessionTypes.parse("a=echo;a=echo")).hasMessage("session type 'a' is defined twice");
        assertThatThrownBy(() -> SessionTypes.parse("A=echo")).hasMessageContaining("must be lower case");
        assertThatThrownBy(() -> SessionTypes.parse("a=x:y:z"))
                .hasMessage("'x:y:z' in type 'a' is not name[:service][@open|@demand|?[idle]]");
        assertThatThrownBy(() -> SessionTypes.parse("a=Echo")).hasMessageContaining("lower case letters");
        assertThatThrownBy(() -> SessionTypes.parse("a=echo@later"))
                .hasMessage(
                        "'echo@later' in type 'a': a service starts @open (when the session opens) or @demand (by the"
                                + " first message for it)");
        assertThatThrownBy(() -> SessionTypes.parse("a=echo?5d"))
                .hasMessage("'echo?5d' in type 'a': the idle time after '?' is a positive number with ms, s, m or h,"
                        + " e.g. ?90s");
        assertThatThrownBy(() -> SessionTypes.parse("a=echo?0s")).hasMessageContaining("positive number");
        assertThatThrownBy(() -> SessionTypes.parse("a=?"))
                .hasMessage("'?' in type 'a' is not name[:service][@open|@demand|?[idle]]");
    }
}
