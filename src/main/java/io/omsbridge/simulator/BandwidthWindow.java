package io.omsbridge.simulator;

/** One bandwidth_policy entry: between start and end ("hh:mm") at most maxBandwidth bytes/s. */
record BandwidthWindow(String start, String end, long maxBandwidth) {}
