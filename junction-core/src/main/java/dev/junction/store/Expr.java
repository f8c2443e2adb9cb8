package dev.junction.store;

import java.util.List;
import java.util.Objects;

/**
 * A filter or value expression over one entity's fields: the query model that OData {@code $filter}
 * and the Sync API translate into and that the store translates into SQL. Nothing is evaluated in
 * memory.
 */
public sealed interface Expr {

  /** A field of the queried entity. */
  record Field(String name) implements Expr {
    public Field {
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * A constant; {@code null} stands for SQL NULL. Values use the Java types of {@link
   * dev.junction.config.FieldType}.
   */
  record Literal(Object value) implements Expr {}

  /** {@code left op right}; comparing with a null literal means IS [NOT] NULL for EQ and NE. */
  record Compare(CompareOp op, Expr left, Expr right) implements Expr {
    public Compare {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  record And(List<Expr> operands) implements Expr {
    public And {
      operands = List.copyOf(operands);
    }
  }

  record Or(List<Expr> operands) implements Expr {
    public Or {
      operands = List.copyOf(operands);
    }
  }

  record Not(Expr operand) implements Expr {
    public Not {
      Objects.requireNonNull(operand, "operand");
    }
  }

  /** {@code value in (candidates…)}. */
  record In(Expr value, List<Expr> candidates) implements Expr {
    public In {
      Objects.requireNonNull(value, "value");
      candidates = List.copyOf(candidates);
    }
  }

  /** {@code left op right} for numbers. */
  record Arithmetic(ArithmeticOp op, Expr left, Expr right) implements Expr {
    public Arithmetic {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  /** A function call with a fixed set of functions (strings, dates). */
  record Call(Function function, List<Expr> args) implements Expr {
    public Call {
      Objects.requireNonNull(function, "function");
      args = List.copyOf(args);
      if (args.size() != function.arity()) {
        throw new IllegalArgumentException(
            function + " takes " + function.arity() + " argument(s), got " + args.size());
      }
    }
  }

  enum CompareOp {
    EQ,
    NE,
    GT,
    GE,
    LT,
    LE
  }

  enum ArithmeticOp {
    ADD,
    SUB,
    MUL,
    DIV,
    MOD
  }

  /** Functions the store can translate into SQL on every supported database. */
  enum Function {
    CONTAINS(2),
    STARTSWITH(2),
    ENDSWITH(2),
    TOLOWER(1),
    TOUPPER(1),
    LENGTH(1),
    TRIM(1),
    YEAR(1),
    MONTH(1),
    DAY(1);

    private final int arity;

    Function(int arity) {
      this.arity = arity;
    }

    public int arity() {
      return arity;
    }
  }

  /** Number of nodes in this expression tree (used to bound hostile input). */
  default int size() {
    return switch (this) {
      case Field f -> 1;
      case Literal l -> 1;
      case Compare c -> 1 + c.left().size() + c.right().size();
      case And a -> 1 + a.operands().stream().mapToInt(Expr::size).sum();
      case Or o -> 1 + o.operands().stream().mapToInt(Expr::size).sum();
      case Not n -> 1 + n.operand().size();
      case In i -> 1 + i.value().size() + i.candidates().stream().mapToInt(Expr::size).sum();
      case Arithmetic a -> 1 + a.left().size() + a.right().size();
      case Call c -> 1 + c.args().stream().mapToInt(Expr::size).sum();
    };
  }

  static Field field(String name) {
    return new Field(name);
  }

  static Literal literal(Object value) {
    return new Literal(value);
  }

  static Compare eq(String field, Object value) {
    return new Compare(CompareOp.EQ, field(field), literal(value));
  }
}
