package io.strom.rules.functions;

import static java.util.Objects.requireNonNull;

import io.strom.rules.types.NumericWidening;
import io.strom.rules.types.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A scalar function: a name and overloads. Resolution happens once, at compile time; the
 * resolved {@link Implementation} is what runs per record.
 */
public final class ScalarFunction {

  /** Runs the function on arguments already converted to the overload's parameter types. */
  @FunctionalInterface
  public interface Implementation {
    Object apply(Object[] args);
  }

  /**
   * One signature. A parameter type of kind DECIMAL accepts any precision; {@code varargs} repeats
   * the last parameter; {@code returnType} null means "the type of the first argument".
   */
  public record Overload(List<SqlType> parameters, boolean varargs, SqlType returnType, Implementation implementation) {
    public Overload {
      parameters = List.copyOf(parameters);
      requireNonNull(implementation, "implementation");
    }
  }

  /** A resolved call: what the arguments convert to, what comes out, and the code. */
  public record Resolved(String name, List<SqlType> parameterTypes, SqlType returnType, Implementation implementation) {
    public Resolved {
      parameterTypes = List.copyOf(parameterTypes);
    }
  }

  private final String name;
  private final String description;
  private final List<Overload> overloads;

  ScalarFunction(String name, String description, List<Overload> overloads) {
    this.name = name;
    this.description = description;
    this.overloads = List.copyOf(overloads);
  }

  public String name() {
    return name;
  }

  /** One line for docs and error messages. */
  public String description() {
    return description;
  }

  /**
   * Picks the overload for these argument types: an exact match first, then one reachable by
   * numeric widening (INT to BIGINT to DECIMAL to DOUBLE). A NULL argument fits any parameter, but
   * must not leave the choice open (ABS(NULL) is ambiguous).
   *
   * @throws IllegalArgumentException naming the accepted signatures when none fits
   */
  public Resolved resolve(List<SqlType> argumentTypes) {
    boolean nullArgument = argumentTypes.stream().anyMatch(SqlType::isNull);
    for (boolean widen : new boolean[] {false, true}) {
      List<Overload> candidates = new ArrayList<>();
      for (Overload o : overloads) {
        List<SqlType> params = expand(o, argumentTypes.size());
        if (params != null && fits(params, argumentTypes, widen)) {
          candidates.add(o);
        }
      }
      if (nullArgument && candidates.stream().map(o -> expand(o, argumentTypes.size())).distinct().count() > 1) {
        throw new IllegalArgumentException("Function '" + name + "' cannot be resolved due to ambiguous method"
            + " parameters " + argumentTypes.stream().map(t -> t.isNull() ? "null" : t.toString())
                .collect(Collectors.joining(", ", "(", ")"))
            + ". Cast the null to the type you mean, e.g. CAST(NULL AS INT).");
      }
      if (!candidates.isEmpty()) {
        Overload o = candidates.get(0);
        List<SqlType> params = expand(o, argumentTypes.size());
        List<SqlType> resolvedParams = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
          SqlType p = params.get(i);
          SqlType a = argumentTypes.get(i);
          // a DECIMAL parameter keeps the argument's own precision
          resolvedParams.add(p.kind() == SqlType.Kind.DECIMAL && a.kind() == SqlType.Kind.DECIMAL ? a : p);
        }
        SqlType returnType = o.returnType() != null ? o.returnType() : resolvedParams.get(0);
        return new Resolved(name, resolvedParams, returnType, o.implementation());
      }
    }
    String given = argumentTypes.stream().map(SqlType::toString).collect(Collectors.joining(", ", "(", ")"));
    String accepted = overloads.stream().map(this::signature).collect(Collectors.joining(", "));
    throw new IllegalArgumentException("Function " + name + " does not accept parameters " + given
        + ". Valid alternatives are: " + accepted);
  }

  private String signature(Overload o) {
    List<String> params = new ArrayList<>();
    for (int i = 0; i < o.parameters().size(); i++) {
      String t = o.parameters().get(i).kind() == SqlType.Kind.DECIMAL ? "DECIMAL" : o.parameters().get(i).toString();
      params.add(o.varargs() && i == o.parameters().size() - 1 ? t + "..." : t);
    }
    return name + "(" + String.join(", ", params) + ")";
  }

  private static List<SqlType> expand(Overload o, int arity) {
    List<SqlType> params = o.parameters();
    if (!o.varargs()) {
      return params.size() == arity ? params : null;
    }
    if (arity < params.size()) {
      return null; // a variadic parameter takes at least one argument
    }
    List<SqlType> expanded = new ArrayList<>(params.subList(0, params.size() - 1));
    while (expanded.size() < arity) {
      expanded.add(params.get(params.size() - 1));
    }
    return expanded;
  }

  private static boolean fits(List<SqlType> params, List<SqlType> args, boolean widen) {
    for (int i = 0; i < params.size(); i++) {
      SqlType p = params.get(i);
      SqlType a = args.get(i);
      if (a.isNull() || p.kind() == a.kind() && (p.kind() == SqlType.Kind.DECIMAL || p.equals(a))) {
        continue;
      }
      if (!(widen && NumericWidening.widens(a, p))) {
        return false;
      }
    }
    return true;
  }
}
