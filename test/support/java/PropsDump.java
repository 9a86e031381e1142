import java.io.*;
import java.nio.ByteBuffer;
import java.nio.charset.*;
import java.nio.file.*;
import java.util.*;

/**
 * Prints what java.util.Properties.load(InputStream) reads from each file: one JSON line per file,
 * the keys and values (every character outside printable ASCII written as a backslash-u escape), or the error.
 * File paths come as arguments, or one a line on standard input when there are none.
 */
public class PropsDump {
  static String esc(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20 || c > 0x7e) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "US-ASCII");
    List<String> files = new ArrayList<>(Arrays.asList(args));
    if (files.isEmpty()) {
      BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
      for (String l = stdin.readLine(); l != null; l = stdin.readLine()) if (!l.isEmpty()) files.add(l);
    }
    for (String a : files) {
      byte[] bytes = Files.readAllBytes(Paths.get(a));
      String line = "{\"file\":" + esc(a) + ",\"bytes\":" + read(new ByteArrayInputStream(bytes), null);
      // What an editor shows: the same file read as UTF-8 text, when it is valid UTF-8.
      try {
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        line += ",\"utf8\":" + read(null, new StringReader(text));
      } catch (CharacterCodingException e) {
        // not UTF-8: Java's reading of the bytes is what the admin meant
      }
      out.println(line + "}");
    }
  }

  /** {"props": {...}} or {"error": "..."}: Properties.load over a byte stream (ISO-8859-1) or a Reader. */
  static String read(InputStream in, Reader reader) throws IOException {
    Properties p = new Properties();
    try {
      if (in != null) p.load(in); else p.load(reader);
    } catch (IllegalArgumentException e) {
      return "{\"error\":" + esc(String.valueOf(e.getMessage())) + "}";
    }
    TreeMap<String, String> m = new TreeMap<>();
    for (String k : p.stringPropertyNames()) m.put(k, p.getProperty(k));
    StringBuilder b = new StringBuilder("{\"props\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : m.entrySet()) {
      if (!first) b.append(',');
      first = false;
      b.append(esc(e.getKey())).append(':').append(esc(e.getValue()));
    }
    return b.append("}}").toString();
  }
}
