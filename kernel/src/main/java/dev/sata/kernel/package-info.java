/** Symmetry-aware Taylor approximated attention: the mathematics, free of Spark. */
package dev.sata.kernel;
