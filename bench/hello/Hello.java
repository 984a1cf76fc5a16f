/** The start-up baseline for bench/startup.sh: the cheapest JVM program there is. */
public class Hello {
    public static void main(String[] args) {
        System.out.println("Hello, world");
    }
}
