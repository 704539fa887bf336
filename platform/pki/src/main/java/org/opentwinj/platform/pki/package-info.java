/**
 * The project's own PKI: cfssl-style CSR JSON ({@code csr}), a certificate authority that
 * issues server, client and peer certificates ({@code ca}), PEM files ({@code pem}), TLS
 * contexts that refuse peers without the right chain, validity or extended key usage
 * ({@code tls}), certificates issued at start for the names a service is reached by
 * ({@code bootstrap}) and the {@code opentwin certs} command ({@code cli}).
 */
package org.opentwinj.platform.pki;
