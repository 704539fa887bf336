package org.opentwinj.services.lss.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThatThrownBy(() -> SessionTypes.parse("a=x:y:z")).hasMessage("'x:y:z' in type 'a' is not name[:service]");
        assertThatThrownBy(() -> SessionTypes.parse("a=Echo")).hasMessageContaining("lower case letters");
    }
}
