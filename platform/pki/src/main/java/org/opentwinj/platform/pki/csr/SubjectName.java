package org.opentwinj.platform.pki.csr;

/**
 * One entry of a CSR's {@code names}: the subject attributes besides the common name, with
 * cfssl's short keys ({@code C}, {@code ST}, {@code L}, {@code O}, {@code OU}). Absent
 * attributes are {@code null}.
 *
 * @param country {@code C}, a two-letter country code
 * @param state {@code ST}, state or province
 * @param locality {@code L}, city
 * @param organization {@code O}
 * @param organizationalUnit {@code OU}
 */
public record SubjectName(
        String country, String state, String locality, String organization, String organizationalUnit) {

    /** True when no attribute is set. */
    public boolean isEmpty() {
        return country == null
                && state == null
                && locality == null
                && organization == null
                && organizationalUnit == null;
    }
}
