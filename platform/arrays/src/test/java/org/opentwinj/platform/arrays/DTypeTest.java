package org.opentwinj.platform.arrays;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DTypeTest {

    @Test
    void wireNamesAndSizesAreTheFormats() {
        assertThat(DType.values())
                .extracting(DType::wireName)
                .containsExactly("f32", "f64", "i8", "u8", "i16", "u16", "i32", "u32", "i64");
        assertThat(DType.values()).extracting(DType::byteSize).containsExactly(4, 8, 1, 1, 2, 2, 4, 4, 8);
    }

    @Test
    void fromWireNameIsExact() {
        assertThat(DType.fromWireName("u16")).contains(DType.U16);
        assertThat(DType.fromWireName("U16")).isEmpty();
        assertThat(DType.fromWireName("f16")).isEmpty();
    }
}
