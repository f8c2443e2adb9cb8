package dev.junction.erp;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** One record served by the ERP. Serialized by Jackson from the record components. */
interface Row {

  /** The key the record is addressed and paged by. */
  String key();

  Instant lastModified();

  record Customer(
      String id,
      String name,
      String email,
      String country,
      String city,
      double creditLimit,
      String currency,
      long version,
      Instant lastModified)
      implements Row {
    @Override
    public String key() {
      return id;
    }
  }

  record Balance(
      String customerId, double balance, double overdue, String currency, Instant lastModified)
      implements Row {
    @Override
    public String key() {
      return customerId;
    }
  }

  record Product(
      String sku, String name, String category, double price, String unit, Instant lastModified)
      implements Row {
    @Override
    public String key() {
      return sku;
    }
  }

  record SalesOrder(
      String id,
      String customerId,
      String status,
      LocalDate orderDate,
      double total,
      String currency,
      long version,
      Instant lastModified)
      implements Row {
    @Override
    public String key() {
      return id;
    }
  }

  record OrderLine(
      String orderId,
      int lineNo,
      String sku,
      int quantity,
      double unitPrice,
      double amount,
      Instant lastModified)
      implements Row {
    @Override
    public String key() {
      return orderId + "/" + lineNo;
    }
  }

  record InventoryItem(String sku, String warehouse, int onHand, int reserved, Instant lastModified)
      implements Row {
    @Override
    public String key() {
      return sku;
    }
  }

  record Contract(
      String id,
      String customerId,
      String title,
      LocalDate startDate,
      LocalDate endDate,
      double value,
      Instant lastModified)
      implements Row {
    @Override
    public String key() {
      return id;
    }
  }

  record BomComponent(String sku, int quantity) {}

  record BillOfMaterials(
      String id,
      String productSku,
      String state,
      List<BomComponent> components,
      String approvedBy,
      Instant lastModified)
      implements Row {
    @Override
    public String key() {
      return id;
    }
  }

  record Tombstone(String entity, String id, Instant deletedAt) implements Row {
    @Override
    public String key() {
      return entity + "/" + id;
    }

    @Override
    public Instant lastModified() {
      return deletedAt;
    }
  }
}
