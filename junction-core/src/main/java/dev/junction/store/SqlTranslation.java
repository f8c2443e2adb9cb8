package dev.junction.store;

import dev.junction.ValidationException;
import dev.junction.ValidationException.Violation;
import dev.junction.config.FieldType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Translates {@link Expr} trees, orders and keyset continuations of one entity into jOOQ SQL. Every
 * literal becomes a bind value, except exact numbers compared with a numeric column (inlined as
 * digits, see {@link #isExact}); nothing is evaluated in memory.
 */
final class SqlTranslation {
  private static final char ESCAPE = '!';
  private final EntityTable table;

  SqlTranslation(EntityTable table) {
    this.table = table;
  }

  Condition condition(Expr expr) {
    if (expr == null) return DSL.noCondition();
    return switch (expr) {
      case Expr.And a -> DSL.and(a.operands().stream().map(this::condition).toList());
      case Expr.Or o ->
          o.operands().isEmpty()
              ? DSL.falseCondition()
              : DSL.or(o.operands().stream().map(this::condition).toList());
      case Expr.Not n -> DSL.not(condition(n.operand()));
      case Expr.Compare c -> compare(c);
      case Expr.In in -> in(in);
      case Expr.Call call when isPredicate(call.function()) -> like(call);
      case Expr.Literal l when l.value() instanceof Boolean b ->
          b ? DSL.trueCondition() : DSL.falseCondition();
      case Expr.Field f when fieldType(f) == FieldType.BOOLEAN -> booleanField(f).isTrue();
      default ->
          throw invalid(
              "filter",
              "is not a condition: "
                  + expr
                  + " (use a comparison, and/or/not, in, or"
                  + " contains/startswith/endswith)");
    };
  }

  @SuppressWarnings("unchecked")
  private Field<Boolean> booleanField(Expr.Field f) {
    return (Field<Boolean>) (Field<?>) table.columnOf(f.name());
  }

  private static boolean isPredicate(Expr.Function f) {
    return f == Expr.Function.CONTAINS
        || f == Expr.Function.STARTSWITH
        || f == Expr.Function.ENDSWITH;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Condition compare(Expr.Compare c) {
    boolean leftNull = c.left() instanceof Expr.Literal l && l.value() == null;
    boolean rightNull = c.right() instanceof Expr.Literal r && r.value() == null;
    if (leftNull || rightNull) {
      if (leftNull && rightNull) {
        return switch (c.op()) {
          case EQ, GE, LE ->
              c.op() == Expr.CompareOp.EQ ? DSL.trueCondition() : DSL.falseCondition();
          default -> DSL.falseCondition();
        };
      }
      Field<?> other = value(leftNull ? c.right() : c.left(), null);
      return switch (c.op()) {
        case EQ -> other.isNull();
        case NE -> other.isNotNull();
        default -> DSL.falseCondition();
      };
    }
    Field<?> left = value(c.left(), typeHint(c.right()));
    Field right = value(c.right(), left.getDataType());
    if (c.left() instanceof Expr.Literal) left = value(c.left(), right.getDataType());
    Field l = left;
    return switch (c.op()) {
      case EQ -> l.eq(right);
      case NE -> l.ne(right);
      case GT -> l.gt(right);
      case GE -> l.ge(right);
      case LT -> l.lt(right);
      case LE -> l.le(right);
    };
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Condition in(Expr.In in) {
    if (in.candidates().isEmpty()) return DSL.falseCondition();
    Field value = value(in.value(), null);
    List<Field<?>> candidates = new ArrayList<>();
    for (Expr candidate : in.candidates()) candidates.add(value(candidate, value.getDataType()));
    return value.in(candidates);
  }

  @SuppressWarnings("unchecked")
  private Condition like(Expr.Call call) {
    Field<String> subject = (Field<String>) value(call.args().get(0), SQLDataType.VARCHAR);
    Expr pattern = call.args().get(1);
    if (pattern instanceof Expr.Literal l) {
      if (!(l.value() instanceof String s)) {
        if (l.value() == null) return DSL.falseCondition();
        throw invalid(
            "filter", call.function().name().toLowerCase() + " needs a string, got " + l.value());
      }
      String escaped = escapeLike(s);
      String p =
          switch (call.function()) {
            case CONTAINS -> "%" + escaped + "%";
            case STARTSWITH -> escaped + "%";
            default -> "%" + escaped;
          };
      return subject.like(DSL.val(p), ESCAPE);
    }
    Field<String> other = (Field<String>) value(pattern, SQLDataType.VARCHAR);
    return switch (call.function()) {
      case CONTAINS -> subject.contains(other);
      case STARTSWITH -> subject.startsWith(other);
      default -> subject.endsWith(other);
    };
  }

  static String escapeLike(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' || c == '_' || c == ESCAPE) sb.append(ESCAPE);
      sb.append(c);
    }
    return sb.toString();
  }

  private DataType<?> typeHint(Expr e) {
    return e instanceof Expr.Field f ? table.columnOf(f.name()).getDataType() : null;
  }

  private FieldType fieldType(Expr.Field f) {
    Integer index = table.indexOf(f.name());
    return index == null ? null : table.fields.get(index).type();
  }

  /** A value expression; {@code hint} types a literal compared with a column. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  Field<?> value(Expr expr, DataType<?> hint) {
    return switch (expr) {
      case Expr.Field f -> table.columnOf(f.name());
      case Expr.Literal l -> literal(l.value(), hint);
      case Expr.Arithmetic a -> {
        Field left = value(a.left(), typeHint(a.right()));
        Field right = value(a.right(), left.getDataType());
        yield switch (a.op()) {
          case ADD -> left.add(right);
          case SUB -> left.sub(right);
          case MUL -> left.mul(right);
          case DIV -> left.div(right);
          case MOD -> left.mod(right);
        };
      }
      case Expr.Call c when !isPredicate(c.function()) -> call(c);
      default -> DSL.field(condition(expr));
    };
  }

  @SuppressWarnings("unchecked")
  private Field<?> call(Expr.Call c) {
    Field<?> arg = value(c.args().get(0), SQLDataType.VARCHAR);
    return switch (c.function()) {
      case TOLOWER -> DSL.lower((Field<String>) arg);
      case TOUPPER -> DSL.upper((Field<String>) arg);
      case LENGTH -> DSL.charLength((Field<String>) arg);
      case TRIM -> DSL.trim((Field<String>) arg);
      case YEAR -> DSL.year(arg).cast(SQLDataType.INTEGER);
      case MONTH -> DSL.month(arg).cast(SQLDataType.INTEGER);
      case DAY -> DSL.day(arg).cast(SQLDataType.INTEGER);
      default -> throw new IllegalStateException(c.function().name());
    };
  }

  private Field<?> literal(Object v, DataType<?> hint) {
    Object value = v instanceof OffsetDateTime t ? EntityTable.utc(t) : v;
    if (value instanceof Instant i) value = EntityTable.utc(i.atOffset(ZoneOffset.UTC));
    if (hint != null && isExact(value) && Number.class.isAssignableFrom(hint.getType())) {
      return DSL.inline(scaled((Number) value, hint));
    }
    if (hint != null && value != null && compatible(value, hint)) {
      return DSL.val(value, hint);
    }
    if (value == null) return DSL.inline((Object) null);
    return DSL.val(value);
  }

  /**
   * Exact numbers compared with a numeric column are inlined (a number renders as digits only, so
   * nothing can be injected) at the column's scale when that is exact: H2 evaluates a bound
   * parameter's {@code CAST(? AS NUMERIC(p))} on every row and compares decimals of different
   * scales slowly, which made a filtered count over 100,000 rows cost ~40 ms of CPU.
   */
  private static boolean isExact(Object value) {
    return value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || (value instanceof java.math.BigDecimal d
            && d.precision() - d.scale() <= 100
            && d.scale() <= 100);
  }

  private static Number scaled(Number value, DataType<?> hint) {
    if (value instanceof java.math.BigDecimal d && d.scale() < 0) value = d.setScale(0);
    if (!hint.hasScale() || !java.math.BigDecimal.class.equals(hint.getType())) return value;
    java.math.BigDecimal decimal = new java.math.BigDecimal(value.toString());
    try {
      return decimal.setScale(hint.scale(), java.math.RoundingMode.UNNECESSARY);
    } catch (ArithmeticException moreDigits) {
      return decimal;
    }
  }

  private static boolean compatible(Object value, DataType<?> hint) {
    Class<?> type = hint.getType();
    if (type.isInstance(value)) return true;
    return value instanceof Number && Number.class.isAssignableFrom(type);
  }

  // ---- order and keyset ----------------------------------------------------------------------

  /** The requested order made total: the key fields are appended unless already present. */
  List<Query.Order> totalOrder(List<Query.Order> requested) {
    List<Query.Order> order = new ArrayList<>(requested);
    for (int index : table.keyIndexes) {
      String key = table.fields.get(index).name();
      if (order.stream().noneMatch(o -> o.field().equals(key))) order.add(Query.Order.asc(key));
    }
    return order;
  }

  /**
   * Ascending puts nulls first, descending last: nulls sort as the smallest value everywhere. A key
   * field is never null, so it gets no NULLS clause: PostgreSQL's primary key index (ascending,
   * nulls last) then serves the order, which an explicit {@code NULLS FIRST} would forbid (a sort
   * of the whole table for every page of a keyset read).
   */
  List<SortField<?>> sortFields(List<Query.Order> order) {
    List<SortField<?>> sort = new ArrayList<>();
    for (Query.Order o : order) {
      Field<Object> column = table.columnOf(o.field());
      if (table.isKey(table.indexOf(o.field()))) {
        sort.add(o.descending() ? column.desc() : column.asc());
      } else {
        sort.add(o.descending() ? column.desc().nullsLast() : column.asc().nullsFirst());
      }
    }
    return sort;
  }

  /**
   * Rows strictly after {@code after} in {@code order}: the OR-expansion {@code (a after va) OR (a
   * = va AND b after vb) OR …}, null-aware, honouring each key's direction.
   */
  Condition after(List<Query.Order> order, List<Object> after) {
    if (after == null) return DSL.noCondition();
    if (after.size() != order.size()) {
      throw invalid(
          "after",
          "has "
              + after.size()
              + " value(s) but the order has "
              + order.size()
              + " key(s) "
              + order.stream().map(Query.Order::field).toList()
              + "; pass the values returned by RecordStore.continuation");
    }
    List<Condition> alternatives = new ArrayList<>();
    List<Condition> equalPrefix = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      Query.Order o = order.get(i);
      Field<Object> column = table.columnOf(o.field());
      Object v = normalizedLiteral(o.field(), after.get(i));
      Condition beyond;
      if (v == null) {
        beyond = o.descending() ? DSL.falseCondition() : column.isNotNull();
      } else {
        Field<Object> bound = DSL.val(v, column.getDataType());
        beyond = o.descending() ? column.lt(bound).or(column.isNull()) : column.gt(bound);
      }
      List<Condition> alternative = new ArrayList<>(equalPrefix);
      alternative.add(beyond);
      alternatives.add(DSL.and(alternative));
      equalPrefix.add(v == null ? column.isNull() : column.eq(DSL.val(v, column.getDataType())));
    }
    return DSL.or(alternatives);
  }

  private Object normalizedLiteral(String field, Object v) {
    if (v == null) return null;
    List<Violation> violations = new ArrayList<>();
    Object n = table.normalizeValue(field, v, "after.", violations);
    if (!violations.isEmpty()) throw new ValidationException(violations);
    return n;
  }

  private ValidationException invalid(String what, String message) {
    return new ValidationException(List.of(new Violation(table.name, what, message)));
  }
}
