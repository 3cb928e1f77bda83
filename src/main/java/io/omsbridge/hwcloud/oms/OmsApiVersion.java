package io.omsbridge.hwcloud.oms;

/**
 * The OMS API generation: v1 ({@code /v1/{project_id}/objectstorage/task}, the quickstart's, now filed as historical)
 * or v2 ({@code /v2/{project_id}/tasks}, what Huawei's SDKs implement, with task groups and a larger quota).
 */
public enum OmsApiVersion {
    v1,
    v2
}
