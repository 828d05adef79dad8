/**
 * The custom resources of API group {@code vsid.dev}, version {@code v1alpha1}: plain data with no
 * reconcile logic. The CRDs in {@code crds/} are generated from these classes.
 */
package dev.vsid.operator.api.v1alpha1;
