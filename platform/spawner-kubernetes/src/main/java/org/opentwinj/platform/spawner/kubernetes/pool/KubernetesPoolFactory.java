package org.opentwinj.platform.spawner.kubernetes.pool;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.pem.PemFiles;
import org.opentwinj.platform.spawner.ContainerRequest;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnRequest;
import org.opentwinj.platform.spawner.SpawnerBackend;
import org.opentwinj.platform.spawner.SpawnerConfig;
import org.opentwinj.platform.spawner.kubernetes.KubernetesConfig;
import org.opentwinj.platform.spawner.kubernetes.KubernetesLaunchBackend;
import org.opentwinj.platform.spawner.kubernetes.KubernetesLaunchConfig;
import org.opentwinj.platform.spawner.kubernetes.KubernetesSpawner;
import org.opentwinj.platform.spawner.kubernetes.PodResources;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.services.lss.pool.PoolConfig;
import org.opentwinj.services.lss.pool.PoolSite;
import org.opentwinj.services.lss.pool.ServicePool;
import org.opentwinj.services.lss.pool.ServicePoolFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm pool of an LSS with the {@code kubernetes} spawner (found by the LSS with
 * ServiceLoader): pool pods of the {@code lss} image, each with a pool certificate from the LSS's
 * CA, assignable only by the LSS's own certificate; the launch backend places services at them.
 */
public final class KubernetesPoolFactory implements ServicePoolFactory {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesPoolFactory.class);
    /**
     * What the scheduler reserves for a pool pod: little, so pool pods fit where room is left.
     * A pod's resources cannot change once it is taken, so a service in a former pool pod keeps
     * these requests (with the default type's limits).
     */
    static final Map<String, Quantity> POOL_REQUESTS =
            Map.of("cpu", new Quantity("50m"), "memory", new Quantity("256Mi"));
    /** A pool certificate outlives any wait in the pool; an expired one fails Pool.Assign and the pod is replaced. */
    static final Duration POOL_CERTIFICATE_VALIDITY = Duration.ofDays(7);

    private static final ClientOptions ASSIGN_OPTIONS =
            ClientOptions.DEFAULT.withRequestTimeout(Duration.ofSeconds(15));

    @Override
    public String spawner() {
        return KubernetesSpawner.NAME;
    }

    @Override
    public ServicePool create(
            SpawnerBackend<?> backend, SpawnerConfig spawnerConfig, PoolConfig config, PoolSite site) {
        if (!(spawnerConfig instanceof KubernetesConfig kubernetes)
                || !(backend.spawner() instanceof KubernetesSpawner spawner)
                || !(backend.launch() instanceof KubernetesLaunchBackend launch)) {
            return ServicePool.none();
        }
        if (config.size() == 0) {
            // No pool pods at all; only what an earlier run with a pool left goes.
            KubernetesPool.removeLeftovers(spawner);
            LOG.info("no warm pool (--pool-size 0): every session service is a new pod");
            return ServicePool.none();
        }
        String image = kubernetes.launch().imageRepository() + "/" + KubernetesLaunchConfig.ANY_SERVICE_IMAGE + ":"
                + kubernetes.launch().imageTag();
        ResourceRequirements defaults = kubernetes.spawner().resources().forType(PodResources.DEFAULT_TYPE);
        KubernetesPoolConfig pool = new KubernetesPoolConfig(
                config.size(),
                image,
                commonName(site.lssTls().leaf()),
                kubernetes.pool().poolService(),
                kubernetes.pool().priorityClass(),
                new ResourceRequirementsBuilder()
                        .withRequests(new TreeMap<>(POOL_REQUESTS))
                        .withLimits(defaults.getLimits())
                        .build(),
                config.warmTimeout());
        List<X509Certificate> trusted = new ArrayList<>(site.lssTls().trustAnchors());
        if (!trusted.contains(site.ca().certificate())) {
            trusted.add(site.ca().certificate());
        }
        String caBundle = PemFiles.toPem(trusted);
        PoolCertificates certificates = (commonName, hostNames) -> {
            IssuedCertificate issued = site.ca()
                    .issue(CertificateRequest.of(commonName, hostNames), Usage.PEER, POOL_CERTIFICATE_VALIDITY);
            return new PoolCertificates.Issued(
                    PemFiles.toPem(List.of(issued.certificate())), PemFiles.toPem(issued.privateKey()), caBundle);
        };
        LOG.info(
                "keeping a warm pool of {} pods of {} (Service {}, priority class {})",
                pool.size(),
                image,
                pool.poolService(),
                pool.priorityClass().orElse("none"));
        KubernetesPool started = KubernetesPool.start(
                spawner, pool, certificates, new ServiceClient(site.lssTls().clientContext(), ASSIGN_OPTIONS));
        launch.usePool(started);
        return new PodPool(started);
    }

    /** The CN of the LSS's certificate: pool pods accept Pool.Assign from it only. */
    static String commonName(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("cannot read the subject of the LSS's certificate: " + subject, e);
        }
        throw new IllegalArgumentException("the LSS's certificate has no CN: " + subject);
    }

    /** The LSS's seam: a request the launch backend placed at a reserved pool pod is taken there. */
    record PodPool(KubernetesPool pool) implements ServicePool {
        @Override
        public Optional<SpawnHandle> take(SpawnRequest request, Consumer<String> progress) {
            return request instanceof ContainerRequest container ? pool.take(container, progress) : Optional.empty();
        }

        @Override
        public void close() {
            pool.close();
        }
    }
}
