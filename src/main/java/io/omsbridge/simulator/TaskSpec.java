package io.omsbridge.simulator;

import java.util.List;

/**
 * The validated create request (v1 or v2), minus the AK/SK which the simulator never keeps. v2's {@code save_prefix}
 * is v1's {@code dst_node.object_key}, v2's {@code enable_restore} v1's {@code auto_restore}.
 */
record TaskSpec(
        String srcRegion,
        String srcBucket,
        String srcCloudType,
        List<String> srcObjectKeys,
        String listFileBucket,
        String listFileKey,
        String dstRegion,
        String dstBucket,
        String dstObjectKey,
        String dstCloudType,
        int threadNum,
        boolean enableKms,
        String description,
        String taskType,
        long migrateSince,
        boolean autoRestore,
        boolean enableFailedObjectRecording,
        String smnTopicUrn,
        String cdnProtocol,
        String cdnDomain,
        String cdnAuthenticationType,
        List<BandwidthWindow> bandwidthPolicy,
        TaskOptions options) {

    /** The same request over other source objects: one task of a group per prefix. */
    TaskSpec withObjectKeys(List<String> keys, String type) {
        return new TaskSpec(
                srcRegion,
                srcBucket,
                srcCloudType,
                List.copyOf(keys),
                listFileBucket,
                listFileKey,
                dstRegion,
                dstBucket,
                dstObjectKey,
                dstCloudType,
                threadNum,
                enableKms,
                description,
                type,
                migrateSince,
                autoRestore,
                enableFailedObjectRecording,
                smnTopicUrn,
                cdnProtocol,
                cdnDomain,
                cdnAuthenticationType,
                bandwidthPolicy,
                options);
    }

    boolean hasListFile() {
        return listFileKey != null;
    }

    /** Topic name = last segment of the URN (urn:smn:region:project:topic). */
    String smnTopicName() {
        if (smnTopicUrn == null) {
            return null;
        }
        int colon = smnTopicUrn.lastIndexOf(':');
        return colon < 0 ? smnTopicUrn : smnTopicUrn.substring(colon + 1);
    }
}
