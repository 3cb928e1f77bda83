package io.omsbridge.simulator;

/** Counts of set slots (a Fenwick tree): add and rank lookups in O(log n). Not thread safe. */
final class Fenwick {

    // 1-based; tree.length - 1 is a power of two so kth can walk down by halving steps
    private final int[] tree;

    Fenwick(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        tree = new int[capacity + 1];
    }

    /** A tree of the given capacity with every slot in 0..used-1 where {@code member[slot] == which} set: O(capacity).
     * */
    static Fenwick of(int capacity, byte[] member, int used, byte which) {
        Fenwick f = new Fenwick(capacity);
        int[] t = f.tree;
        for (int slot = 0; slot < used; slot++) {
            if (member[slot] == which) {
                t[slot + 1]++;
            }
        }
        for (int i = 1; i < t.length; i++) {
            int parent = i + (i & -i);
            if (parent < t.length) {
                t[parent] += t[i];
            }
        }
        return f;
    }

    int capacity() {
        return tree.length - 1;
    }

    void add(int slot, int delta) {
        for (int i = slot + 1; i < tree.length; i += i & -i) {
            tree[i] += delta;
        }
    }

    /** The slot of the k-th set slot in ascending order, k from 1 to the number of set slots. */
    int kth(int k) {
        int pos = 0;
        for (int step = capacity(); step > 0; step >>= 1) {
            int next = pos + step;
            if (next < tree.length && tree[next] < k) {
                pos = next;
                k -= tree[next];
            }
        }
        return pos;
    }
}
