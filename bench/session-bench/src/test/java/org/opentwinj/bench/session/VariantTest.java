package org.opentwinj.bench.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariantTest {
    private static final Path DIR = Path.of("/run");

    @Test
    void withoutAnArchiveChildrenGetJustTheLssOptions() {
        assertThat(Variant.NONE.archive(DIR)).isNull();
        assertThat(Variant.NONE.needsTraining()).isFalse();
        assertThat(Variant.NONE.sessionJavaOptions(null)).isEmpty();
        List<String> expected = new ArrayList<>(Variant.SESSION_MEMORY);
        expected.add("-XX:+ExitOnOutOfMemoryError");
        assertThat(Variant.NONE.childJvmOptions(null)).isEqualTo(expected);
        assertThat(Variant.SESSION_MEMORY).contains("-XX:+UseSerialGC");
    }

    @Test
    void sessionJavaOptionsComeFirstThenTheLssOwnOptionsAsTheLocalLaunchBackendOrdersThem() {
        Path archive = Variant.APPCDS.archive(DIR);

        assertThat(archive).isEqualTo(Path.of("/run/appcds.jsa"));
        assertThat(Variant.APPCDS.trainingOptions(archive)).containsExactly("-XX:ArchiveClassesAtExit=/run/appcds.jsa");
        List<String> expected = new ArrayList<>(List.of("-XX:SharedArchiveFile=/run/appcds.jsa"));
        expected.addAll(Variant.SESSION_MEMORY);
        expected.add("-XX:+ExitOnOutOfMemoryError");
        assertThat(Variant.APPCDS.childJvmOptions(archive)).isEqualTo(expected);
        assertThat(Variant.APPCDS.platformJvmOptions(archive)).containsExactly("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void theAotCacheIsRecordedWithAotCacheOutputAndUsedWithAotCache() {
        Path archive = Variant.AOT.archive(DIR);

        assertThat(Variant.AOT.trainingOptions(archive)).containsExactly("-XX:AOTCacheOutput=/run/session.aot");
        assertThat(Variant.AOT.sessionJavaOptions(archive)).containsExactly("-XX:AOTCache=/run/session.aot");
    }

    @Test
    void theWrapperVariantPutsTheWrapperFlagsOnThePlatformAndChildrenInheritThem() {
        Path archive = Variant.WRAPPER.archive(DIR);

        assertThat(Variant.WRAPPER.needsTraining()).isFalse();
        assertThat(Variant.WRAPPER.sessionJavaOptions(archive)).isEmpty();
        assertThat(Variant.WRAPPER.platformJvmOptions(archive))
                .containsExactly(
                        "-XX:+ExitOnOutOfMemoryError",
                        "-XX:+AutoCreateSharedArchive",
                        "-XX:SharedArchiveFile=/run/wrapper.jsa",
                        "-Xlog:cds=off",
                        "-Xlog:cds+dynamic=off");
        List<String> expected = new ArrayList<>(Variant.SESSION_MEMORY);
        expected.addAll(Variant.WRAPPER.platformJvmOptions(archive));
        assertThat(Variant.WRAPPER.childJvmOptions(archive)).isEqualTo(expected);
    }

    @Test
    void onlyThePoolVariantsGiveTheLssAWarmPoolWithTheJvmOptionsOfTheirPeers() {
        assertThat(Variant.POOL.poolSize()).isEqualTo(Variant.POOL_SIZE).isGreaterThanOrEqualTo(3);
        assertThat(Variant.AOT_POOL.poolSize()).isEqualTo(Variant.POOL_SIZE);
        assertThat(Variant.NONE.poolSize()).isZero();
        assertThat(Variant.AOT.poolSize()).isZero();
        assertThat(Variant.POOL.childJvmOptions(Variant.POOL.archive(DIR)))
                .isEqualTo(Variant.NONE.childJvmOptions(null));
        assertThat(Variant.AOT_POOL.needsTraining()).isTrue();
        assertThat(Variant.AOT_POOL.sessionJavaOptions(Variant.AOT_POOL.archive(DIR)))
                .containsExactly("-XX:AOTCache=/run/session.aot");
    }

    @Test
    void variantsAreParsedByIdAndAnUnknownOneListsTheValidOnes() {
        assertThat(Variant.parse(" AppCDS ")).isEqualTo(Variant.APPCDS);
        assertThat(Variant.parse("aot-pool")).isEqualTo(Variant.AOT_POOL);
        assertThatThrownBy(() -> Variant.parse("cds"))
                .hasMessageContaining("valid: none, appcds, aot, wrapper, pool, aot-pool");
    }
}
