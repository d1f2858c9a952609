#!/usr/bin/env python3
"""Finds the selection network of windows.cl's radius-2 median (ImageJ's 21-pixel circle) and prints its #defines.

Wires 0-2: the left column's middle 3 values, 3-7, 8-12, 13-17: the three middle columns' 5 values, 18-20: the right
column's middle 3, each column sorted ascending. A forgetful selection network over the wires (in several orders) is
pruned greedily: a compare-exchange goes if the median stays right for all 0-1 inputs with sorted columns, which by
the 0-1 principle keeps it right for every input. The smallest network found is checked on random windows against
numpy's median. Usage: python3 median21_network.py [orders to try, default 30]  (needs numpy)
"""
import itertools, numpy as np, sys
# wires: c0 (3), c1 (5), c2 (5), c3 (5), c4 (3), each sorted ascending
sizes=[3,5,5,5,3]
N=21; M=N//2
groups=[]; w=0
for s in sizes: groups.append(list(range(w,w+s))); w+=s
# all 0-1 inputs with each column sorted: column with k ones -> last k are 1
ins=[]
for ks in itertools.product(*[range(s+1) for s in sizes]):
    v=[]
    for s,k in zip(sizes,ks): v+= [0]*(s-k)+[1]*k
    ins.append(v)
X=np.array(ins,dtype=np.int8).T  # wires x cases
want=(X.sum(0)>M).astype(np.int8)  # median of 0-1 = 1 iff more than 10 ones
def run(net,out):
    V=X.copy()
    for a,b in net:
        lo=np.minimum(V[a],V[b]); hi=np.maximum(V[a],V[b]); V[a]=lo; V[b]=hi
    return (V[out]==want).all()
def forgetful(order):
    v=list(order); net=[]
    first=0; last=M+1
    for nxt in range(M+2,N+1):
        for i in range(first+1,last+1): net.append((v[first],v[i]))
        for i in range(first+1,last): net.append((v[i],v[last]))
        first+=1
        if nxt<N: v[last]=v[nxt]
        else: last-=1
    return net,v[first]
def prune(net,out):
    net=list(net)
    assert run(net,out)
    changed=True
    while changed:
        changed=False
        for i in range(len(net)-1,-1,-1):
            t=net[:i]+net[i+1:]
            if run(t,out): net=t; changed=True
    return net
best=None
import random
rnd=random.Random(1)
orders=[]
base=[w for g in groups for w in g]
orders.append(base)
# interleave extremes: ordering by column position
orders.append(sorted(base,key=lambda w:[ (w-g[0])/(len(g)-1) for g in groups if w in g][0]))
for t in range(int(sys.argv[1]) if len(sys.argv)>1 else 20):
    o=base[:]; rnd.shuffle(o); orders.append(o)
for o in orders:
    net,out=forgetful(o)
    p=prune(net,out)
    if best is None or len(p)<len(best[0]): best=(p,out); pass
p,out=best
net,out=best
s5=[(0,1),(3,4),(2,4),(2,3),(0,3),(0,2),(1,4),(1,3),(1,2)]
s3=[(0,2),(0,1),(1,2)]
def app(v,net):
    for a,b in net:
        lo=min(v[a],v[b]); hi=max(v[a],v[b]); v[a]=lo; v[b]=hi
    return v
rng=np.random.default_rng(1)
for t in range(20000):
    w=rng.integers(0,6,size=(5,5)).astype(float) if t%2 else rng.normal(size=(5,5))
    cols=[app(list(w[1:4,0]),s3)]+[app(list(w[:,j]),s5) for j in (1,2,3)]+[app(list(w[1:4,4]),s3)]
    v=[x for c in cols for x in c]
    win=[w[dy+2,dx+2] for dy in range(-2,3) for dx in range(-2,3) if dx*dx+dy*dy<=5]
    assert app(v,net)[out]==np.median(win)
print("// Generated: %d compare-exchanges; the median ends on wire %d." % (len(net),out))
print("#define MEDIAN21_OUT %d" % out)
print("#define MEDIAN21_NETWORK(v) "+" ".join("CE(v[%d], v[%d])"%(a,b) for a,b in net))
