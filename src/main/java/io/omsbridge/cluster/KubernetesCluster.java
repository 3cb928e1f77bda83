package io.omsbridge.cluster;

import io.omsbridge.settings.ClusterSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;

/**
 * {@code bridge.cluster=kubernetes}: camel-kubernetes' cluster service on {@code coordination.k8s.io/v1} Leases. Apart
 * from {@link DutyCluster} so that camel-kubernetes (an optional dependency) is loaded only when it is chosen.
 */
final class KubernetesCluster {

    /** The class that tells whether camel-kubernetes is on the class path. */
    static final String SERVICE_CLASS = "org.apache.camel.component.kubernetes.cluster.KubernetesClusterService";

    private KubernetesCluster() {}

    static CamelClusterService service(CamelContext context, ClusterSettings.Kubernetes settings) {
        KubernetesConfiguration client = new KubernetesConfiguration();
        // null: the pod's service account and namespace (in the cluster), or ~/.kube/config (outside it)
        client.setMasterUrl(settings.masterUrl());
        client.setNamespace(settings.namespace());
        // settings given as setters are applied only over a configuration passed in (camel-kubernetes 4.18.0)
        KubernetesClusterService service = new KubernetesClusterService(context, client);
        service.setLeaseResourceType(LeaseResourceType.Lease);
        service.setKubernetesResourceName(settings.leaseName());
        service.setKubernetesResourcesNamespace(settings.namespace());
        service.setPodName(settings.podName());
        service.setClusterLabels(settings.labels());
        service.setLeaseDurationMillis(settings.leaseDurationMillis());
        service.setRenewDeadlineMillis(settings.renewDeadlineMillis());
        service.setRetryPeriodMillis(settings.retryPeriodMillis());
        return service;
    }
}
